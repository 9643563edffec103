<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QAWindow</name>
    <message>
        <location filename="../qa_window.py" line="89"/>
        <source>capable</source>
        <translation>能力充足</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="90"/>
        <source>marginal: below 1.33</source>
        <translation>临界：低于 1.33</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>not capable: below 1.00</source>
        <translation>能力不足：低于 1.00</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="425"/>
        <source>Failure</source>
        <translation>失败代码</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <location filename="../qa_window.py" line="424"/>
        <location filename="../qa_window.py" line="976"/>
        <source>Station</source>
        <translation>工站</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <location filename="../qa_window.py" line="424"/>
        <source>Script</source>
        <translation>脚本</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="96"/>
        <source>Device ID</source>
        <translation>设备 ID</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="96"/>
        <location filename="../qa_window.py" line="425"/>
        <source>Zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="97"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="191"/>
        <source>Factory Station — QA review</source>
        <translation>Factory Station — 质量审查</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="241"/>
        <source>working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="262"/>
        <source>no database</source>
        <translation>未打开数据库</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="269"/>
        <source>Counted back from now; the same periods as station qa --since shift|24h|7d|…</source>
        <translation>从现在往前计算；与 station qa --since shift|24h|7d|… 的时段相同</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="276"/>
        <source>Local time ({zone})</source>
        <translation>本地时间（{zone}）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="282"/>
        <source>Open database…</source>
        <translation>打开数据库…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="285"/>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="324"/>
        <source>since {time}</source>
        <translation>自 {time} 起</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="356"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="357"/>
        <source>SQLite file or database URL (central PostgreSQL):</source>
        <translation>SQLite 文件或数据库 URL（中央 PostgreSQL）：</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="362"/>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="371"/>
        <source>Database: {url}</source>
        <translation>数据库：{url}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="385"/>
        <location filename="../qa_window.py" line="408"/>
        <location filename="../qa_window.py" line="412"/>
        <location filename="../qa_window.py" line="414"/>
        <location filename="../qa_window.py" line="418"/>
        <source>(any)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="406"/>
        <location filename="../qa_window.py" line="741"/>
        <source>serial, device ID or MAC</source>
        <translation>序列号、设备 ID 或 MAC</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="416"/>
        <source>failure code</source>
        <translation>失败代码</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="419"/>
        <source>production</source>
        <translation>生产</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="420"/>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="423"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="428"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="438"/>
        <source>Show the whole period</source>
        <translation>显示整个时段</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="465"/>
        <source>◀ Newer</source>
        <translation>◀ 较新</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="466"/>
        <source>Older ▶</source>
        <translation>较旧 ▶</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="472"/>
        <source>Export selected…</source>
        <translation>导出所选…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="477"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="486"/>
        <source>Select a run</source>
        <translation>请选择一次测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <location filename="../qa_window.py" line="755"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Step / measurement</source>
        <translation>步骤 / 测量</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <location filename="../qa_window.py" line="745"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>Low</source>
        <translation>下限</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>High</source>
        <translation>上限</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>Margin</source>
        <translation>余量</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="495"/>
        <source>Time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="510"/>
        <source>Steps and measurements</source>
        <translation>步骤和测量</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="511"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="512"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="513"/>
        <source>Cloud calls and labels</source>
        <translation>云端调用和标签</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="515"/>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="520"/>
        <source>Runs</source>
        <translation>测试记录</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="548"/>
        <source>runs {first}–{last} of {total}</source>
        <translation>第 {first}–{last} 条，共 {total} 条</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="611"/>
        <source>unit {serial}, all time</source>
        <translation>产品 {serial}，全部时间</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="625"/>
        <source>runs started on {day}</source>
        <translation>{day} 开始的测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="630"/>
        <source>script {script}</source>
        <translation>脚本 {script}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="646"/>
        <source>run {run} · {station}/{slot} · operator {operator}</source>
        <translation>测试 {run} · {station}/{slot} · 操作员 {operator}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="648"/>
        <source>device {device} · MAC {mac} · zone {zone}</source>
        <translation>设备 {device} · MAC {mac} · 区域 {zone}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="650"/>
        <source>script {name} {version} · sha256 {sha}… · limits {limits}</source>
        <translation>脚本 {name} {version} · sha256 {sha}… · 限值 {limits}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="671"/>
        <source>not run: the script stopped before this step</source>
        <translation>未执行：脚本在此步骤之前已停止</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="677"/>
        <source> (marginal)</source>
        <translation>（临界）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="716"/>
        <source>Export selected runs</source>
        <translation>导出所选测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="722"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="724"/>
        <source>exported {count} run(s) to {path}</source>
        <translation>已导出 {count} 条测试到 {path}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="742"/>
        <source>Trace</source>
        <translation>追溯</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="749"/>
        <source>Scan or type a serial, device ID or MAC: every run of the unit, its blessing, reprints and rework, oldest first. Click a run to open it.</source>
        <translation>扫描或输入序列号、设备 ID 或 MAC：显示该产品的每次测试、授权（bless）、重印和返工，按时间先后排列。点击一次测试即可打开。</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="755"/>
        <location filename="../qa_window.py" line="975"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="755"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="757"/>
        <location filename="../qa_window.py" line="978"/>
        <source>Local time ({zone}); hover a cell for UTC</source>
        <translation>本地时间（{zone}）；鼠标悬停查看 UTC 时间</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="766"/>
        <source>Unit trace</source>
        <translation>产品追溯</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="777"/>
        <source>run {id}</source>
        <translation>测试 {id}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="783"/>
        <source>label {id}</source>
        <translation>标签 {id}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="803"/>
        <source>Open this run</source>
        <translation>打开此测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="806"/>
        <source>last cloud act: {action}</source>
        <translation>最近一次云端操作：{action}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="807"/>
        <source>no bless event recorded</source>
        <translation>未记录授权（bless）事件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="809"/>
        <source>&lt;b&gt;{unit}&lt;/b&gt;: {runs} run(s), {audit} audit event(s), {labels} label job(s) · {state}</source>
        <translation>&lt;b&gt;{unit}&lt;/b&gt;：{runs} 次测试，{audit} 条审计事件，{labels} 个标签任务 · {state}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="825"/>
        <source>day</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="826"/>
        <source>station</source>
        <translation>工站</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="827"/>
        <source>script</source>
        <translation>脚本</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="830"/>
        <source>Yield per</source>
        <translation>良率按</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="843"/>
        <source>Yield and Pareto</source>
        <translation>良率和帕累托</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="855"/>
        <source>Measurement</source>
        <translation>测量项</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="855"/>
        <source>Bins</source>
        <translation>分组数</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="862"/>
        <source>Cpk ≥ 1.33 capable (green), 1.00–1.33 marginal (orange), &lt; 1.00 not capable (red)</source>
        <translation>Cpk ≥ 1.33 能力充足（绿色），1.00–1.33 临界（橙色），&lt; 1.00 能力不足（红色）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="867"/>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="883"/>
        <source>&lt;b&gt;{runs} runs&lt;/b&gt;: {parts} — &lt;b&gt;{units} units&lt;/b&gt; first tested · first-pass yield &lt;b&gt;{fpy}&lt;/b&gt; · final yield &lt;b&gt;{final}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{runs} 次测试&lt;/b&gt;：{parts} — &lt;b&gt;{units} 个产品&lt;/b&gt;首次测试 · 直通率 &lt;b&gt;{fpy}&lt;/b&gt; · 最终良率 &lt;b&gt;{final}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="891"/>
        <source>Yield per {group} — {units} units (click a bar for its runs)</source>
        <translation>按{group}的良率 — {units} 个产品（点击柱形查看其测试）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="894"/>
        <source>first-pass yield</source>
        <translation>直通率</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="895"/>
        <source>final yield (last verdict)</source>
        <translation>最终良率（最后一次判定）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="898"/>
        <source>{key}: {units} units · first-pass {fpy} ({fp}/{judged}) · final {final} · {errors} station error(s) · {none} without verdict</source>
        <translation>{key}：{units} 个产品 · 直通率 {fpy}（{fp}/{judged}）· 最终 {final} · {errors} 个工站错误 · {none} 个无判定</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="903"/>
        <source>no unit was first tested in this period</source>
        <translation>此时段内没有首次测试的产品</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="906"/>
        <source>; {code} is {share} %</source>
        <translation>；{code} 占 {share} %</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="909"/>
        <source>Failure Pareto — {n} failures</source>
        <translation>失败帕累托 — {n} 次失败</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="911"/>
        <source>failures (FAIL runs)</source>
        <translation>失败次数（FAIL 测试）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="912"/>
        <source>cumulative %</source>
        <translation>累计 %</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="914"/>
        <source>{code}: {n} failures, {share} of all, {cum} cumulative</source>
        <translation>{code}：{n} 次失败，占总数 {share}，累计 {cum}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="916"/>
        <source>no FAIL run in this period</source>
        <translation>此时段内没有 FAIL 测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="937"/>
        <source>low</source>
        <translation>下限</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="937"/>
        <source>high</source>
        <translation>上限</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="941"/>
        <source>mean {mean}</source>
        <translation>均值 {mean}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="944"/>
        <source>units per bin</source>
        <translation>每组产品数</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="945"/>
        <source>no value in this period</source>
        <translation>此时段内没有数值</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="954"/>
        <source>n = {n}   mean = {mean} {unit}   σ = {std}   limits {limits}</source>
        <translation>n = {n}   均值 = {mean} {unit}   σ = {std}   限值 {limits}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="964"/>
        <source>Load newest events</source>
        <translation>加载最新事件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="966"/>
        <source>Verify the chain</source>
        <translation>校验链条</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="975"/>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="975"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="976"/>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="976"/>
        <source>Actor</source>
        <translation>执行人</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="977"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="985"/>
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1009"/>
        <source>&lt;b style=&apos;color:#2e7d32&apos;&gt;Intact&lt;/b&gt;: {n} event(s) in {chains} chain(s)</source>
        <translation>&lt;b style=&apos;color:#2e7d32&apos;&gt;完整&lt;/b&gt;：{chains} 条链中的 {n} 个事件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1012"/>
        <source>&lt;b style=&apos;color:#c62828&apos;&gt;BROKEN&lt;/b&gt;: </source>
        <translation>&lt;b style=&apos;color:#c62828&apos;&gt;已损坏&lt;/b&gt;：</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="18"/>
        <source>This shift</source>
        <translation>本班次</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="19"/>
        <source>Last 24 h</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="20"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="21"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="22"/>
        <source>Last 90 days</source>
        <translation>最近 90 天</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="23"/>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="24"/>
        <source>From … to …</source>
        <translation>自定义时段</translation>
    </message>
</context>
</TS>
