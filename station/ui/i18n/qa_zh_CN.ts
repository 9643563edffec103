<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QAWindow</name>
    <message>
        <location filename="../qa_window.py" line="87"/>
        <source>capable</source>
        <translation>能力充足</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="88"/>
        <source>marginal: below 1.33</source>
        <translation>临界：低于 1.33</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="89"/>
        <source>not capable: below 1.00</source>
        <translation>能力不足：低于 1.00</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="92"/>
        <location filename="../qa_window.py" line="421"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="92"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Failure</source>
        <translation>失败代码</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <location filename="../qa_window.py" line="422"/>
        <location filename="../qa_window.py" line="971"/>
        <source>Station</source>
        <translation>工站</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <location filename="../qa_window.py" line="422"/>
        <source>Script</source>
        <translation>脚本</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <source>Device ID</source>
        <translation>设备 ID</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="189"/>
        <source>Factory Station — QA review</source>
        <translation>Factory Station — 质量审查</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="239"/>
        <source>working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="260"/>
        <source>no database</source>
        <translation>未打开数据库</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="267"/>
        <source>Counted back from now; the same periods as station qa --since shift|24h|7d|…</source>
        <translation>从现在往前计算；与 station qa --since shift|24h|7d|… 的时段相同</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="274"/>
        <source>Local time ({zone})</source>
        <translation>本地时间（{zone}）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="280"/>
        <source>Open database…</source>
        <translation>打开数据库…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="283"/>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="322"/>
        <source>since {time}</source>
        <translation>自 {time} 起</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="354"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="355"/>
        <source>SQLite file or database URL (central PostgreSQL):</source>
        <translation>SQLite 文件或数据库 URL（中央 PostgreSQL）：</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="360"/>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="369"/>
        <source>Database: {url}</source>
        <translation>数据库：{url}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="383"/>
        <location filename="../qa_window.py" line="406"/>
        <location filename="../qa_window.py" line="410"/>
        <location filename="../qa_window.py" line="412"/>
        <location filename="../qa_window.py" line="416"/>
        <source>(any)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="404"/>
        <location filename="../qa_window.py" line="736"/>
        <source>serial, device ID or MAC</source>
        <translation>序列号、设备 ID 或 MAC</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="414"/>
        <source>failure code</source>
        <translation>失败代码</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="417"/>
        <source>production</source>
        <translation>生产</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="418"/>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="421"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="426"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="436"/>
        <source>Show the whole period</source>
        <translation>显示整个时段</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="463"/>
        <source>◀ Newer</source>
        <translation>◀ 较新</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="464"/>
        <source>Older ▶</source>
        <translation>较旧 ▶</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="470"/>
        <source>Export selected…</source>
        <translation>导出所选…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="475"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="484"/>
        <source>Select a run</source>
        <translation>请选择一次测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <location filename="../qa_window.py" line="750"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <source>Step / measurement</source>
        <translation>步骤 / 测量</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <location filename="../qa_window.py" line="740"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>Low</source>
        <translation>下限</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>High</source>
        <translation>上限</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>Margin</source>
        <translation>余量</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Time</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="508"/>
        <source>Steps and measurements</source>
        <translation>步骤和测量</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="509"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="510"/>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="511"/>
        <source>Cloud calls and labels</source>
        <translation>云端调用和标签</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="516"/>
        <source>Runs</source>
        <translation>测试记录</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="544"/>
        <source>runs {first}–{last} of {total}</source>
        <translation>第 {first}–{last} 条，共 {total} 条</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="607"/>
        <source>unit {serial}, all time</source>
        <translation>产品 {serial}，全部时间</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="621"/>
        <source>runs started on {day}</source>
        <translation>{day} 开始的测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="626"/>
        <source>script {script}</source>
        <translation>脚本 {script}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="642"/>
        <source>run {run} · {station}/{slot} · operator {operator}</source>
        <translation>测试 {run} · {station}/{slot} · 操作员 {operator}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="644"/>
        <source>device {device} · MAC {mac} · zone {zone}</source>
        <translation>设备 {device} · MAC {mac} · 区域 {zone}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="646"/>
        <source>script {name} {version} · sha256 {sha}… · limits {limits}</source>
        <translation>脚本 {name} {version} · sha256 {sha}… · 限值 {limits}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="667"/>
        <source>not run: the script stopped before this step</source>
        <translation>未执行：脚本在此步骤之前已停止</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="673"/>
        <source> (marginal)</source>
        <translation>（临界）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="711"/>
        <source>Export selected runs</source>
        <translation>导出所选测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="717"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="719"/>
        <source>exported {count} run(s) to {path}</source>
        <translation>已导出 {count} 条测试到 {path}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="737"/>
        <source>Trace</source>
        <translation>追溯</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="744"/>
        <source>Scan or type a serial, device ID or MAC: every run of the unit, its blessing, reprints and rework, oldest first. Click a run to open it.</source>
        <translation>扫描或输入序列号、设备 ID 或 MAC：显示该产品的每次测试、授权（bless）、重印和返工，按时间先后排列。点击一次测试即可打开。</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="750"/>
        <location filename="../qa_window.py" line="970"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="750"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Who</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="752"/>
        <location filename="../qa_window.py" line="973"/>
        <source>Local time ({zone}); hover a cell for UTC</source>
        <translation>本地时间（{zone}）；鼠标悬停查看 UTC 时间</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="761"/>
        <source>Unit trace</source>
        <translation>产品追溯</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="772"/>
        <source>run {id}</source>
        <translation>测试 {id}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="778"/>
        <source>label {id}</source>
        <translation>标签 {id}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="798"/>
        <source>Open this run</source>
        <translation>打开此测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="801"/>
        <source>last cloud act: {action}</source>
        <translation>最近一次云端操作：{action}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="802"/>
        <source>no bless event recorded</source>
        <translation>未记录授权（bless）事件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="804"/>
        <source>&lt;b&gt;{unit}&lt;/b&gt;: {runs} run(s), {audit} audit event(s), {labels} label job(s) · {state}</source>
        <translation>&lt;b&gt;{unit}&lt;/b&gt;：{runs} 次测试，{audit} 条审计事件，{labels} 个标签任务 · {state}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="820"/>
        <source>day</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="821"/>
        <source>station</source>
        <translation>工站</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="822"/>
        <source>script</source>
        <translation>脚本</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="825"/>
        <source>Yield per</source>
        <translation>良率按</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="838"/>
        <source>Yield and Pareto</source>
        <translation>良率和帕累托</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="850"/>
        <source>Measurement</source>
        <translation>测量项</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="850"/>
        <source>Bins</source>
        <translation>分组数</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="857"/>
        <source>Cpk ≥ 1.33 capable (green), 1.00–1.33 marginal (orange), &lt; 1.00 not capable (red)</source>
        <translation>Cpk ≥ 1.33 能力充足（绿色），1.00–1.33 临界（橙色），&lt; 1.00 能力不足（红色）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="862"/>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="878"/>
        <source>&lt;b&gt;{runs} runs&lt;/b&gt;: {parts} — &lt;b&gt;{units} units&lt;/b&gt; first tested · first-pass yield &lt;b&gt;{fpy}&lt;/b&gt; · final yield &lt;b&gt;{final}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{runs} 次测试&lt;/b&gt;：{parts} — &lt;b&gt;{units} 个产品&lt;/b&gt;首次测试 · 直通率 &lt;b&gt;{fpy}&lt;/b&gt; · 最终良率 &lt;b&gt;{final}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="886"/>
        <source>Yield per {group} — {units} units (click a bar for its runs)</source>
        <translation>按{group}的良率 — {units} 个产品（点击柱形查看其测试）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="889"/>
        <source>first-pass yield</source>
        <translation>直通率</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="890"/>
        <source>final yield (last verdict)</source>
        <translation>最终良率（最后一次判定）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="893"/>
        <source>{key}: {units} units · first-pass {fpy} ({fp}/{judged}) · final {final} · {errors} station error(s) · {none} without verdict</source>
        <translation>{key}：{units} 个产品 · 直通率 {fpy}（{fp}/{judged}）· 最终 {final} · {errors} 个工站错误 · {none} 个无判定</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="898"/>
        <source>no unit was first tested in this period</source>
        <translation>此时段内没有首次测试的产品</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="901"/>
        <source>; {code} is {share} %</source>
        <translation>；{code} 占 {share} %</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="904"/>
        <source>Failure Pareto — {n} failures</source>
        <translation>失败帕累托 — {n} 次失败</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="906"/>
        <source>failures (FAIL runs)</source>
        <translation>失败次数（FAIL 测试）</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="907"/>
        <source>cumulative %</source>
        <translation>累计 %</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="909"/>
        <source>{code}: {n} failures, {share} of all, {cum} cumulative</source>
        <translation>{code}：{n} 次失败，占总数 {share}，累计 {cum}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="911"/>
        <source>no FAIL run in this period</source>
        <translation>此时段内没有 FAIL 测试</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="932"/>
        <source>low</source>
        <translation>下限</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="932"/>
        <source>high</source>
        <translation>上限</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="936"/>
        <source>mean {mean}</source>
        <translation>均值 {mean}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="939"/>
        <source>units per bin</source>
        <translation>每组产品数</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="940"/>
        <source>no value in this period</source>
        <translation>此时段内没有数值</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="949"/>
        <source>n = {n}   mean = {mean} {unit}   σ = {std}   limits {limits}</source>
        <translation>n = {n}   均值 = {mean} {unit}   σ = {std}   限值 {limits}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="959"/>
        <source>Load newest events</source>
        <translation>加载最新事件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="961"/>
        <source>Verify the chain</source>
        <translation>校验链条</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="970"/>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="970"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="971"/>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="971"/>
        <source>Actor</source>
        <translation>执行人</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="972"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="980"/>
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1004"/>
        <source>&lt;b style=&apos;color:#2e7d32&apos;&gt;Intact&lt;/b&gt;: {n} event(s) in {chains} chain(s)</source>
        <translation>&lt;b style=&apos;color:#2e7d32&apos;&gt;完整&lt;/b&gt;：{chains} 条链中的 {n} 个事件</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1007"/>
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
