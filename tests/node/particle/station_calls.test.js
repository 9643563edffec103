// Particle's own JavaScript client (particle-api-js) against the station's Particle emulator.
//
// Run by tests/test_particle_js_client.py, which starts the emulator on 127.0.0.1, makes devices and
// passes them in the environment. Every call the station makes is driven here through the vendor's
// client: serial lookup, import (single and file), list, get, name, groups, lock + flash, unlock,
// development, unclaim, remove, product firmware upload/list/release, and the errors.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const Particle = require('particle-api-js');

const env = JSON.parse(process.env.STATION_PARTICLE_PEER);
const particle = new Particle({ baseUrl: env.url });
const product = env.product;
const auth = env.token; // the station's product-scoped API user
const owner = env.owner_token;
const [a, b, argon] = env.devices;

test('serial lookup', async () => {
    const res = await particle.lookupSerialNumber({ serialNumber: a.serial_number, auth });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.device_id, a.id);
    assert.equal(res.body.platform_id, 13);
});

test('import, partitioned answer, file import', async () => {
    const one = await particle.addDeviceToProduct({ deviceId: a.id, product, auth });
    assert.deepEqual(one.body.updatedDeviceIds, [a.id]);
    const again = await particle.addDeviceToProduct({ deviceId: a.id, product, auth });
    assert.deepEqual(again.body.existingDeviceIds, [a.id]);
    const file = Buffer.from(`${b.serial_number}\n${argon.id}\n`);
    const many = await particle.addDeviceToProduct({ file, product, auth });
    assert.deepEqual(many.body.updatedDeviceIds, [b.id]);
    assert.deepEqual(many.body.invalidDeviceIds, [argon.id]); // wrong platform for this product
});

test('name, groups, lock and flash, verify from the record', async () => {
    await particle.renameDevice({ deviceId: a.id, name: a.serial_number, product, auth });
    await particle.put({ uri: `/v1/products/${product}/devices/${a.id}`, auth,
        data: { groups: ['20261130_0040', 'hw-rev-b'] } });
    const locked = await particle.lockDeviceProductFirmware({
        deviceId: a.id, desiredFirmwareVersion: 7, flash: true, product, auth });
    assert.equal(locked.body.desired_firmware_version, 7);
    const got = await particle.getDevice({ deviceId: a.id, product, auth });
    assert.equal(got.body.firmware_version, 7);
    assert.equal(got.body.targeted_firmware_release_version, 7);
    assert.equal(got.body.name, a.serial_number);
    assert.deepEqual(got.body.groups, ['20261130_0040', 'hw-rev-b']);
    assert.equal(got.body.development, false);
});

test('list with a group filter, groups listing', async () => {
    const list = await particle.listDevices({ product, groups: ['hw-rev-b'], auth });
    assert.deepEqual(list.body.devices.map((d) => d.id), [a.id]);
    assert.equal(list.body.meta.total_pages, 1);
    const groups = await particle.get({ uri: `/v1/products/${product}/groups`, auth });
    const names = groups.body.groups.map((g) => g.name).sort();
    assert.deepEqual(names, ['20261130_0040', 'hw-rev-b']);
    const created = await particle.post({ uri: `/v1/products/${product}/groups`, auth,
        data: { name: 'rework', description: 'units back from the field' } });
    assert.equal(created.statusCode, 201);
});

test('unlock, development flag, unclaim, remove', async () => {
    const unlocked = await particle.unlockDeviceProductFirmware({ deviceId: a.id, product, auth });
    assert.equal(unlocked.body.desired_firmware_version, null);
    const dev = await particle.markAsDevelopmentDevice({ deviceId: b.id, development: true, product, auth });
    assert.equal(dev.body.development, true);
    await particle.removeDeviceOwner({ deviceId: a.id, product, auth });
    const removed = await particle.removeDevice({ deviceId: a.id, product, auth });
    assert.equal(removed.statusCode, 204);
    await assert.rejects(particle.getDevice({ deviceId: a.id, product, auth }), (err) => err.statusCode === 404);
});

test('product and firmware: get, list, upload, release', async () => {
    const info = await particle.getProduct({ product, auth });
    assert.equal(info.body.product.platform_id, 13);
    const fw = await particle.listProductFirmware({ product, auth });
    assert.deepEqual(fw.body.map((f) => f.version), [1, 7]);
    assert.equal(fw.body.find((f) => f.version === 7).product_default, true);
    const up = await particle.uploadProductFirmware({ file: Buffer.from(env.binary_v8, 'base64'), version: 8,
        title: 'production-8', product, auth: owner });
    assert.equal(up.body.version, 8);
    await assert.rejects(
        particle.releaseProductFirmware({ version: 8, product_default: true, product, auth: owner }),
        (err) => err.statusCode === 400 && /running on at least one device/.test(err.body.error));
});

test('errors as Particle answers them', async () => {
    await assert.rejects(particle.getProduct({ product, auth: 'bad-token' }),
        (err) => err.statusCode === 401 && err.body.error === 'invalid_token'
            && err.shortErrorDescription === 'The access token provided is invalid.');
    await assert.rejects(particle.lookupSerialNumber({ serialNumber: 'NOPE', auth }),
        (err) => err.statusCode === 404 && err.body.ok === false);
    await assert.rejects(particle.lockDeviceProductFirmware({ deviceId: b.id, desiredFirmwareVersion: 999,
        flash: true, product, auth }), (err) => err.statusCode === 404);
    await assert.rejects(particle.releaseProductFirmware({ version: 7, product_default: true, product, auth }),
        (err) => err.statusCode === 403 && /firmware:release/.test(err.shortErrorDescription));
});
