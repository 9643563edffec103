// Drives the cloud emulator with Electric Imp's own Node.js client, imp-central-api (pinned 1.7.0).
//
// Usage: node conformance.js '<json config>'  (tests/test_cloud_imp_central_client.py writes it).
// Prints one JSON line: {"results": [{"name", "ok", "detail"}]}. Each check names the route and case it
// covers; the pytest side asserts that every check passed and that every route of issue 14 is covered.
'use strict';

const crypto = require('crypto');
const ImpCentralApi = require('imp-central-api');
const HttpHelper = require('imp-central-api/lib/util/HttpHelper');

const cfg = JSON.parse(process.argv[2]);
const api = new ImpCentralApi(cfg.endpoint);
const DG = ImpCentralApi.DeviceGroups;
const results = [];

async function check(name, fn) {
    try {
        const detail = await fn();
        results.push({ name, ok: true, detail: detail === undefined ? '' : String(detail) });
    } catch (err) {
        const body = err && err.body ? ' ' + JSON.stringify(err.body) : '';
        results.push({ name, ok: false, detail: String(err && err.message) + body });
    }
}

function expect(cond, what) {
    if (!cond) {
        throw new Error('expected ' + what);
    }
}

// The call must fail with this HTTP status; returns the error body for more checks.
async function fails(promise, status) {
    try {
        await promise;
    } catch (err) {
        expect(err.statusCode === status, `HTTP ${status}, got ${err.statusCode}: ${err.message}`);
        return err.body;
    }
    throw new Error(`expected HTTP ${status}, the call succeeded`);
}

function ids(doc) {
    return doc.data.map(r => r.id);
}

function totp(secret) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = '';
    for (const ch of secret.replace(/=+$/, '')) {
        bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
    }
    const key = Buffer.from(bits.match(/.{8}/g).map(b => parseInt(b, 2)));
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
    const mac = crypto.createHmac('sha1', key).update(counter).digest();
    const offset = mac[mac.length - 1] & 0x0f;
    return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

function waitFor(predicate, ms, what) {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
            if (predicate()) {
                clearInterval(timer);
                resolve();
            } else if (Date.now() - started > ms) {
                clearInterval(timer);
                reject(new Error('timed out waiting for ' + what));
            }
        }, 20);
    });
}

async function main() {
    const [dut, dut2] = cfg.duts;
    let me;

    // ------------------------------------------------------------------ auth, accounts
    await check('POST /auth/token (login key)', async () => {
        const doc = await api.auth.getAccessToken(cfg.login_key);
        expect(doc.access_token && doc.expires_in > 0, 'an access token');
    });
    await check('GET /accounts/{id}', async () => {
        me = (await api.accounts.get('me')).data.id;
        const doc = await api.accounts.get(me);
        expect(doc.data.type === 'account' && doc.data.id === me, 'the same account by id');
        await fails(api.accounts.get('acct-somebody-else'), 404);
    });
    await check('POST /auth (password), refresh tokens list/delete', async () => {
        const doc = await api.auth.login(cfg.username, cfg.password);
        expect(doc.refresh_token, 'a refresh token');
        await api.auth.refreshAccessToken(doc.refresh_token);
        const before = ids(await api.auth.getRefreshTokens());
        expect(before.length >= 1, 'listed refresh tokens');
        expect(!before.includes(doc.refresh_token), 'refresh tokens listed by id, not by value');
        await api.auth.deleteRefreshToken(before[before.length - 1]);
        await fails(api.auth.refreshAccessToken(doc.refresh_token), 401);
        await fails(api.auth.deleteRefreshToken('no-such-token'), 404);
        return `${before.length} listed`;
    });
    await check('login keys list/create/update/delete (password re-check)', async () => {
        expect(ids(await api.accounts.listLoginKeys()).includes(cfg.login_key), 'the seeded key listed');
        await fails(api.accounts.createLoginKey('wrong-password', { description: 'x' }), 403);
        const made = (await api.accounts.createLoginKey(cfg.password, { description: 'line 3' })).data;
        expect(made.type === 'login_key' && made.attributes.description === 'line 3', 'the new key');
        expect((await api.accounts.getLoginKey(made.id)).data.id === made.id, 'get by id');
        await fails(api.accounts.updateLoginKey(made.id, 'wrong-password', { description: 'y' }), 403);
        const changed = await api.accounts.updateLoginKey(made.id, cfg.password, { description: 'line 4' });
        expect(changed.data.attributes.description === 'line 4', 'the description changed');
        await api.auth.getAccessToken(made.id);  // the new key logs in
        await fails(api.accounts.deleteLoginKey(made.id, 'wrong-password'), 403);
        await api.accounts.deleteLoginKey(made.id, cfg.password);
        await fails(api.auth.getAccessToken(made.id), 401);
        await api.auth.getAccessToken(cfg.login_key);
        await fails(api.accounts.getLoginKey(made.id), 404);
    });
    await check('POST /auth two-factor: 403 login_token, loginWithOTP', async () => {
        const body = await fails(api.auth.login(cfg.otp_user, cfg.otp_password), 403);
        const token = body.errors[0].meta.login_token;
        expect(token, 'errors[0].meta.login_token');
        await fails(api.auth.loginWithOTP('000000' === totp(cfg.otp_secret) ? '111111' : '000000', token), 401);
        const doc = await api.auth.loginWithOTP(totp(cfg.otp_secret), token);
        expect(doc.access_token && doc.refresh_token, 'tokens after the OTP');
        const other = (await api.accounts.get('me')).data.id;
        expect(other !== me, 'logged in as the two-factor account');
        await fails(api.auth.loginWithOTP(totp(cfg.otp_secret), token), 401);  // a login token works once
        await api.auth.getAccessToken(cfg.login_key);
    });

    // ------------------------------------------------------------------ filters
    await check('GET /products filter[owner.id]', async () => {
        expect(ids(await api.products.list({ 'filter[owner.id]': me })).includes(cfg.product), 'own product');
        expect((await api.products.list({ 'filter[owner.id]': 'acct-nobody' })).data.length === 0, 'nothing');
    });
    await check('GET /devicegroups filter[owner.id] filter[product.id] filter[type]', async () => {
        const doc = await api.deviceGroups.list({ 'filter[owner.id]': me, 'filter[product.id]': cfg.product,
            'filter[type]': DG.TYPE_PRE_DUT });
        expect(ids(doc).length === 1 && ids(doc)[0] === cfg.test_dut, 'only the Test DUT group');
        expect((await api.deviceGroups.list({ 'filter[owner.id]': 'acct-nobody' })).data.length === 0, 'none');
    });
    await check('GET /devices every filter', async () => {
        const inDut = ids(await api.devices.list({ 'filter[devicegroup.id]': cfg.test_dut }));
        expect(inDut.includes(dut) && inDut.includes(dut2), 'the DUTs in the Test DUT group');
        const byType = ids(await api.devices.list({ 'filter[devicegroup.type]': DG.TYPE_PRE_DUT,
            'filter[product.id]': cfg.product, 'filter[owner.id]': me, 'filter[devicegroup.owner.id]': me }));
        expect(JSON.stringify(byType.sort()) === JSON.stringify(inDut.sort()), 'the same devices by type');
        expect((await api.devices.list({ 'filter[owner.id]': 'acct-nobody' })).data.length === 0, 'none');
    });
    await check('unknown filter refused: 400 naming it', async () => {
        // The library refuses unknown filters itself; its own HTTP layer sends one anyway.
        const body = await fails(HttpHelper.get('/devices', { 'filter[colour]': 'red', 'filter[size]': 'L' }), 400);
        const named = body.errors.map(e => e.detail).join(' ');
        expect(body.errors.length === 2 && named.includes('filter[colour]') && named.includes('filter[size]'),
            'errors[] naming both filters');
    });

    // ------------------------------------------------------------------ device groups
    let devGroup;
    await check('device group env_vars keep numbers as given', async () => {
        const env = { count: 5, ratio: 0.25, on: true, name: 'five' };
        devGroup = (await api.deviceGroups.create(cfg.product, DG.TYPE_DEVELOPMENT,
            { name: 'node-dev', env_vars: env })).data;
        const got = devGroup.attributes.env_vars;
        expect(Object.keys(env).every(k => got[k] === env[k] && typeof got[k] === typeof env[k]) &&
            Object.keys(got).length === Object.keys(env).length, 'env_vars unchanged: ' + JSON.stringify(got));
        const changed = await api.deviceGroups.update(devGroup.id, DG.TYPE_DEVELOPMENT,
            { name: 'node-dev', env_vars: { count: 6 } });
        expect(changed.data.attributes.env_vars.count === 6, 'a number after update');
    });
    await check('relationship type checked against the real group type', async () => {
        const body = await fails(api.deviceGroups.create(cfg.product, DG.TYPE_PRE_FACTORY_FIXTURE, { name: 'bad-fixture' },
            { type: DG.TYPE_PRODUCTION, id: cfg.test_production }, { type: DG.TYPE_PRE_DUT, id: cfg.test_dut }), 422);
        expect(body.errors[0].code === 'RELATIONSHIP_TYPE_MISMATCH', 'RELATIONSHIP_TYPE_MISMATCH');
        await fails(api.deployments.create(cfg.test_dut, DG.TYPE_DUT, { device_code: 'd', agent_code: 'a' }), 422);
    });
    await check('POST /devicegroups/{id}/relationships/devices: 400 with one 404 per unknown device', async () => {
        const body = await fails(api.deviceGroups.addDevices(devGroup.id, 'nope-1', 'nope-2'), 400);
        expect(body.errors.length === 2 && body.errors.every(e => Number(e.status) === 404), 'two 404 errors');
        await fails(api.deviceGroups.addDevices(devGroup.id, 'nope-3'), 404);
    });
    await check('DELETE /devicegroups/{id}/relationships/devices: 404 for a device not in the group', async () => {
        await fails(api.deviceGroups.removeDevices(cfg.test_production, null, dut), 404);
        await fails(api.deviceGroups.removeDevices(cfg.production, null, cfg.blessed), 403);
        await api.deviceGroups.removeDevices(cfg.production, cfg.unbless_key, cfg.blessed);
    });
    await check('POST /devicegroups/{id}/restart and conditional_restart', async () => {
        await api.deviceGroups.restartDevices(cfg.test_dut);
        await api.deviceGroups.conditionalRestartDevices(cfg.test_dut);
        await fails(api.deviceGroups.restartDevices('no-such-group'), 404);
        const msgs = (await api.devices.getLogs(dut2, 1, 100)).data.map(l => l.msg).join('\n');
        expect(msgs.includes('restarting') && msgs.includes('SHUTDOWN_NEWSQUIRREL'), 'restart and notice logged');
    });

    // ------------------------------------------------------------------ devices
    await check('GET /devices/{id} attributes (agent_url...) by id and by MAC', async () => {
        const a = (await api.devices.get(dut)).data.attributes;
        for (const k of ['agent_url', 'agent_id', 'mac_address', 'device_online', 'agent_running', 'swversion',
            'imp_type', 'rssi', 'free_memory', 'ip_address', 'last_enrolled_at', 'device_state_changed_at']) {
            expect(k in a, 'attribute ' + k);
        }
        expect(a.agent_url.endsWith(a.agent_id), 'agent_url ends with the agent id');
        expect((await api.devices.get(a.mac_address)).data.id === dut, 'found by MAC');
    });
    await check('POST /devices/{id}/restart and conditional_restart; logs and history show it', async () => {
        await api.devices.restart(dut);
        await api.devices.conditionalRestart(dut);
        await fails(api.devices.restart('no-such-device'), 404);
        const logs = (await api.devices.getLogs(dut)).data.map(l => l.msg).join('\n');
        expect(logs.includes('restarting'), 'the restart in the logs');
        const history = (await HttpHelper.get(`/devices/${dut}/history`)).data.map(h => h.event);
        expect(history.includes('restarted'), 'the restart in the history');
    });

    // ------------------------------------------------------------------ deployments
    await check('deployments: filters product.id flagged tags sha creator.id flagger.id owner.id', async () => {
        const d = (await api.deployments.create(devGroup.id, DG.TYPE_DEVELOPMENT,
            { device_code: 'server.log("a")', agent_code: '', tags: ['line-3', 'v1.2'], flagged: true })).data;
        const has = async f => ids(await api.deployments.list(f)).includes(d.id);
        expect(await has({ 'filter[product.id]': cfg.product, 'filter[devicegroup.id]': devGroup.id }), 'by product');
        expect(await has({ 'filter[flagged]': 'true' }) && !(await has({ 'filter[flagged]': 'false' })), 'flagged');
        expect(await has({ 'filter[flagged]': 'any' }), 'flagged any');
        expect(await has({ 'filter[tags]': 'line-3,v1.2' }) && !(await has({ 'filter[tags]': 'line-3,v9' })), 'tags');
        expect(await has({ 'filter[sha]': d.attributes.sha, 'filter[owner.id]': me }), 'sha');
        expect(await has({ 'filter[creator.id]': me, 'filter[flagger.id]': me }), 'creator and flagger');
        expect(!(await has({ 'filter[creator.id]': 'acct-nobody' })), 'not another creator');
        await fails(api.deployments.list({ 'filter[flagged]': 'maybe' }), 400);
    });
    await check('PATCH/DELETE /deployments/{id}: flagged ones are protected', async () => {
        const d = (await api.deployments.create(devGroup.id, DG.TYPE_DEVELOPMENT,
            { device_code: 'x', agent_code: 'y', flagged: true })).data;
        await fails(api.deployments.delete(d.id), 409);
        const changed = (await api.deployments.update(d.id, { flagged: false, description: 'ok', tags: ['t'] })).data;
        expect(!changed.attributes.flagged && changed.attributes.description === 'ok', 'unflagged and described');
        await api.deployments.delete(d.id);
        await fails(api.deployments.get(d.id), 404);
        await fails(api.deployments.update('no-such-deployment', { description: 'x' }), 404);
    });

    // ------------------------------------------------------------------ webhooks
    await check('PATCH /webhooks/{id}', async () => {
        const h = (await api.webhooks.create(devGroup.id, DG.TYPE_DEVELOPMENT, { url: 'https://example.com/a',
            event: 'blessing', content_type: 'application/json' })).data;
        const changed = (await api.webhooks.update(h.id, { url: 'https://example.com/b',
            content_type: 'application/x-www-form-urlencoded' })).data;
        expect(changed.attributes.url === 'https://example.com/b', 'the new url');
        expect(ids(await api.webhooks.list({ 'filter[devicegroup.id]': devGroup.id })).includes(h.id), 'listed');
        await fails(api.webhooks.update(h.id, { url: 'not a url' }), 422);
        await api.webhooks.delete(h.id);
    });

    // ------------------------------------------------------------------ log streams
    await check('log stream: create, add/remove devices, events', async () => {
        const messages = [];
        const states = [];
        const doc = await api.logStreams.create(m => messages.push(m), s => states.push(s), null, 'json');
        const id = doc.data.id;
        await api.logStreams.addDevice(id, dut);
        await api.devices.restart(dut);
        await waitFor(() => messages.some(m => JSON.parse(m).device_id === dut &&
            JSON.parse(m).msg.includes('restarting')), 5000, 'the restart in the stream');
        await waitFor(() => states.some(s => JSON.parse(s).state === 'subscribed'), 5000, 'a state_change');
        await fails(api.logStreams.addDevice(id, 'no-such-device'), 404);
        await api.logStreams.removeDevice(id, dut);
        await fails(api.logStreams.removeDevice(id, dut), 404);
        const before = messages.length;
        await api.devices.restart(dut);
        await api.logStreams.addDevice(id, dut2);
        await api.devices.restart(dut2);
        await waitFor(() => messages.slice(before).some(m => JSON.parse(m).device_id === dut2), 5000, 'dut2 logs');
        expect(messages.slice(before).every(m => JSON.parse(m).device_id !== dut), 'no logs of a removed device');
        // One stream per account: a new one closes this one.
        const second = await api.logStreams.create(() => {}, null, null, 'text');
        await waitFor(() => states.some(s => s.includes('closed')), 5000, 'the first stream closed');
        await api.logStreams.close(second.data.id);
        await api.logStreams.close(id);
        return `${messages.length} messages`;
    });
}

main().then(() => {
    process.stdout.write(JSON.stringify({ results }) + '\n');
    process.exit(0);
}, err => {
    process.stdout.write(JSON.stringify({ results, fatal: String(err && err.stack) }) + '\n');
    process.exit(1);
});
