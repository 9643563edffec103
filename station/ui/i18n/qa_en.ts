<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>QAWindow</name>
    <message>
        <location filename="../qa_window.py" line="89"/>
        <source>capable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="90"/>
        <source>marginal: below 1.33</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>not capable: below 1.00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <source>Serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="425"/>
        <source>Failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <location filename="../qa_window.py" line="424"/>
        <location filename="../qa_window.py" line="976"/>
        <source>Station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <location filename="../qa_window.py" line="424"/>
        <source>Script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="96"/>
        <source>Device ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="96"/>
        <location filename="../qa_window.py" line="425"/>
        <source>Zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="97"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="191"/>
        <source>Factory Station — QA review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="241"/>
        <source>working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="262"/>
        <source>no database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="269"/>
        <source>Counted back from now; the same periods as station qa --since shift|24h|7d|…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="276"/>
        <source>Local time ({zone})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="282"/>
        <source>Open database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="285"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="324"/>
        <source>since {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="356"/>
        <source>Open database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="357"/>
        <source>SQLite file or database URL (central PostgreSQL):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="362"/>
        <source>Cannot open the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="371"/>
        <source>Database: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="385"/>
        <location filename="../qa_window.py" line="408"/>
        <location filename="../qa_window.py" line="412"/>
        <location filename="../qa_window.py" line="414"/>
        <location filename="../qa_window.py" line="418"/>
        <source>(any)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="406"/>
        <location filename="../qa_window.py" line="741"/>
        <source>serial, device ID or MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="416"/>
        <source>failure code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="419"/>
        <source>production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="420"/>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="423"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="428"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="438"/>
        <source>Show the whole period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="465"/>
        <source>◀ Newer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="466"/>
        <source>Older ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="472"/>
        <source>Export selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="477"/>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="486"/>
        <source>Select a run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <location filename="../qa_window.py" line="755"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Step / measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <location filename="../qa_window.py" line="745"/>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>Margin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="495"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="510"/>
        <source>Steps and measurements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="511"/>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="512"/>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="513"/>
        <source>Cloud calls and labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="515"/>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="520"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="548"/>
        <source>runs {first}–{last} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="611"/>
        <source>unit {serial}, all time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="625"/>
        <source>runs started on {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="630"/>
        <source>script {script}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="646"/>
        <source>run {run} · {station}/{slot} · operator {operator}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="648"/>
        <source>device {device} · MAC {mac} · zone {zone}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="650"/>
        <source>script {name} {version} · sha256 {sha}… · limits {limits}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="671"/>
        <source>not run: the script stopped before this step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="677"/>
        <source> (marginal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="716"/>
        <source>Export selected runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="722"/>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="724"/>
        <source>exported {count} run(s) to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="742"/>
        <source>Trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="749"/>
        <source>Scan or type a serial, device ID or MAC: every run of the unit, its blessing, reprints and rework, oldest first. Click a run to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="755"/>
        <location filename="../qa_window.py" line="975"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="755"/>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="757"/>
        <location filename="../qa_window.py" line="978"/>
        <source>Local time ({zone}); hover a cell for UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="766"/>
        <source>Unit trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="777"/>
        <source>run {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="783"/>
        <source>label {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="803"/>
        <source>Open this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="806"/>
        <source>last cloud act: {action}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="807"/>
        <source>no bless event recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="809"/>
        <source>&lt;b&gt;{unit}&lt;/b&gt;: {runs} run(s), {audit} audit event(s), {labels} label job(s) · {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="825"/>
        <source>day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="826"/>
        <source>station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="827"/>
        <source>script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="830"/>
        <source>Yield per</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="843"/>
        <source>Yield and Pareto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="855"/>
        <source>Measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="855"/>
        <source>Bins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="862"/>
        <source>Cpk ≥ 1.33 capable (green), 1.00–1.33 marginal (orange), &lt; 1.00 not capable (red)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="867"/>
        <source>Histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="883"/>
        <source>&lt;b&gt;{runs} runs&lt;/b&gt;: {parts} — &lt;b&gt;{units} units&lt;/b&gt; first tested · first-pass yield &lt;b&gt;{fpy}&lt;/b&gt; · final yield &lt;b&gt;{final}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="891"/>
        <source>Yield per {group} — {units} units (click a bar for its runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="894"/>
        <source>first-pass yield</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="895"/>
        <source>final yield (last verdict)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="898"/>
        <source>{key}: {units} units · first-pass {fpy} ({fp}/{judged}) · final {final} · {errors} station error(s) · {none} without verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="903"/>
        <source>no unit was first tested in this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="906"/>
        <source>; {code} is {share} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="909"/>
        <source>Failure Pareto — {n} failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="911"/>
        <source>failures (FAIL runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="912"/>
        <source>cumulative %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="914"/>
        <source>{code}: {n} failures, {share} of all, {cum} cumulative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="916"/>
        <source>no FAIL run in this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="937"/>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="937"/>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="941"/>
        <source>mean {mean}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="944"/>
        <source>units per bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="945"/>
        <source>no value in this period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="954"/>
        <source>n = {n}   mean = {mean} {unit}   σ = {std}   limits {limits}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="964"/>
        <source>Load newest events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="966"/>
        <source>Verify the chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="975"/>
        <source>Seq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="975"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="976"/>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="976"/>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="977"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="985"/>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1009"/>
        <source>&lt;b style=&apos;color:#2e7d32&apos;&gt;Intact&lt;/b&gt;: {n} event(s) in {chains} chain(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1012"/>
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
