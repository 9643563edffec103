<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>QAWindow</name>
    <message>
        <location filename="../qa_window.py" line="87"/>
        <source>capable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="88"/>
        <source>marginal: below 1.33</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="89"/>
        <source>not capable: below 1.00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>Serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="92"/>
        <location filename="../qa_window.py" line="421"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="92"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <location filename="../qa_window.py" line="422"/>
        <location filename="../qa_window.py" line="971"/>
        <source>Station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <location filename="../qa_window.py" line="422"/>
        <source>Script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <source>Device ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="189"/>
        <source>Factory Station — QA review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="239"/>
        <source>working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="260"/>
        <source>no database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="267"/>
        <source>Counted back from now; the same periods as station qa --since shift|24h|7d|…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="274"/>
        <source>Local time ({zone})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="280"/>
        <source>Open database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="283"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="322"/>
        <source>since {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="354"/>
        <source>Open database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="355"/>
        <source>SQLite file or database URL (central PostgreSQL):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="360"/>
        <source>Cannot open the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="369"/>
        <source>Database: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="383"/>
        <location filename="../qa_window.py" line="406"/>
        <location filename="../qa_window.py" line="410"/>
        <location filename="../qa_window.py" line="412"/>
        <location filename="../qa_window.py" line="416"/>
        <source>(any)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="404"/>
        <location filename="../qa_window.py" line="736"/>
        <source>serial, device ID or MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="414"/>
        <source>failure code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="417"/>
        <source>production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="418"/>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="421"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="426"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="436"/>
        <source>Show the whole period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="463"/>
        <source>◀ Newer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="464"/>
        <source>Older ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="470"/>
        <source>Export selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="475"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="484"/>
        <source>Select a run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <location filename="../qa_window.py" line="750"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <source>Step / measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <location filename="../qa_window.py" line="740"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>Margin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="508"/>
        <source>Steps and measurements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="509"/>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="510"/>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="511"/>
        <source>Cloud calls and labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="516"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="544"/>
        <source>runs {first}–{last} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="607"/>
        <source>unit {serial}, all time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="621"/>
        <source>runs started on {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="626"/>
        <source>script {script}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="642"/>
        <source>run {run} · {station}/{slot} · operator {operator}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="644"/>
        <source>device {device} · MAC {mac} · zone {zone}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="646"/>
        <source>script {name} {version} · sha256 {sha}… · limits {limits}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="667"/>
        <source>not run: the script stopped before this step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="673"/>
        <source> (marginal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="711"/>
        <source>Export selected runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="717"/>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="719"/>
        <source>exported {count} run(s) to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="737"/>
        <source>Trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="744"/>
        <source>Scan or type a serial, device ID or MAC: every run of the unit, its blessing, reprints and rework, oldest first. Click a run to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="750"/>
        <location filename="../qa_window.py" line="970"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="750"/>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="752"/>
        <location filename="../qa_window.py" line="973"/>
        <source>Local time ({zone}); hover a cell for UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="761"/>
        <source>Unit trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="772"/>
        <source>run {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="778"/>
        <source>label {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="798"/>
        <source>Open this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="801"/>
        <source>last cloud act: {action}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="802"/>
        <source>no bless event recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="804"/>
        <source>&lt;b&gt;{unit}&lt;/b&gt;: {runs} run(s), {audit} audit event(s), {labels} label job(s) · {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="820"/>
        <source>day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="821"/>
        <source>station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="822"/>
        <source>script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="825"/>
        <source>Yield per</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="838"/>
        <source>Yield and Pareto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="850"/>
        <source>Measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="850"/>
        <source>Bins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="857"/>
        <source>Cpk ≥ 1.33 capable (green), 1.00–1.33 marginal (orange), &lt; 1.00 not capable (red)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="862"/>
        <source>Histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="878"/>
        <source>&lt;b&gt;{runs} runs&lt;/b&gt;: {parts} — &lt;b&gt;{units} units&lt;/b&gt; first tested · first-pass yield &lt;b&gt;{fpy}&lt;/b&gt; · final yield &lt;b&gt;{final}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="886"/>
        <source>Yield per {group} — {units} units (click a bar for its runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="889"/>
        <source>first-pass yield</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="890"/>
        <source>final yield (last verdict)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="893"/>
        <source>{key}: {units} units · first-pass {fpy} ({fp}/{judged}) · final {final} · {errors} station error(s) · {none} without verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="898"/>
        <source>no unit was first tested in this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="901"/>
        <source>; {code} is {share} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="904"/>
        <source>Failure Pareto — {n} failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="906"/>
        <source>failures (FAIL runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="907"/>
        <source>cumulative %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="909"/>
        <source>{code}: {n} failures, {share} of all, {cum} cumulative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="911"/>
        <source>no FAIL run in this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="932"/>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="932"/>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="936"/>
        <source>mean {mean}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="939"/>
        <source>units per bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="940"/>
        <source>no value in this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="949"/>
        <source>n = {n}   mean = {mean} {unit}   σ = {std}   limits {limits}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="959"/>
        <source>Load newest events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="961"/>
        <source>Verify the chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="970"/>
        <source>Seq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="970"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="971"/>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="971"/>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="972"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="980"/>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1004"/>
        <source>&lt;b style=&apos;color:#2e7d32&apos;&gt;Intact&lt;/b&gt;: {n} event(s) in {chains} chain(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1007"/>
        <source>&lt;b style=&apos;color:#c62828&apos;&gt;BROKEN&lt;/b&gt;: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="18"/>
        <source>This shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="19"/>
        <source>Last 24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="20"/>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="21"/>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="22"/>
        <source>Last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="23"/>
        <source>All time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="24"/>
        <source>From … to …</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
