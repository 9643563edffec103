<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>QAWindow</name>
    <message>
        <location filename="../qa_window.py" line="87"/>
        <source>capable</source>
        <translation>capaz</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="88"/>
        <source>marginal: below 1.33</source>
        <translation>marginal: por debajo de 1,33</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="89"/>
        <source>not capable: below 1.00</source>
        <translation>no capaz: por debajo de 1,00</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>Serial</source>
        <translation>Número de serie</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="92"/>
        <location filename="../qa_window.py" line="421"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="92"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Failure</source>
        <translation>Fallo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <location filename="../qa_window.py" line="422"/>
        <location filename="../qa_window.py" line="971"/>
        <source>Station</source>
        <translation>Estación</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <location filename="../qa_window.py" line="422"/>
        <source>Script</source>
        <translation>Script</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <source>Device ID</source>
        <translation>ID de dispositivo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Zone</source>
        <translation>Zona</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="189"/>
        <source>Factory Station — QA review</source>
        <translation>Factory Station — revisión de calidad</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="239"/>
        <source>working…</source>
        <translation>trabajando…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="260"/>
        <source>no database</source>
        <translation>sin base de datos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="267"/>
        <source>Counted back from now; the same periods as station qa --since shift|24h|7d|…</source>
        <translation>Contado hacia atrás desde ahora; los mismos periodos que station qa --since shift|24h|7d|…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="274"/>
        <source>Local time ({zone})</source>
        <translation>Hora local ({zone})</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="280"/>
        <source>Open database…</source>
        <translation>Abrir base de datos…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="283"/>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="322"/>
        <source>since {time}</source>
        <translation>desde {time}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="354"/>
        <source>Open database</source>
        <translation>Abrir base de datos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="355"/>
        <source>SQLite file or database URL (central PostgreSQL):</source>
        <translation>Archivo SQLite o URL de base de datos (PostgreSQL central):</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="360"/>
        <source>Cannot open the database</source>
        <translation>No se puede abrir la base de datos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="369"/>
        <source>Database: {url}</source>
        <translation>Base de datos: {url}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="383"/>
        <location filename="../qa_window.py" line="406"/>
        <location filename="../qa_window.py" line="410"/>
        <location filename="../qa_window.py" line="412"/>
        <location filename="../qa_window.py" line="416"/>
        <source>(any)</source>
        <translation>(todos)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="404"/>
        <location filename="../qa_window.py" line="736"/>
        <source>serial, device ID or MAC</source>
        <translation>número de serie, ID de dispositivo o MAC</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="414"/>
        <source>failure code</source>
        <translation>código de fallo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="417"/>
        <source>production</source>
        <translation>producción</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="418"/>
        <source>test</source>
        <translation>prueba</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="421"/>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="426"/>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="436"/>
        <source>Show the whole period</source>
        <translation>Mostrar todo el periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="463"/>
        <source>◀ Newer</source>
        <translation>◀ Más recientes</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="464"/>
        <source>Older ▶</source>
        <translation>Más antiguos ▶</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="470"/>
        <source>Export selected…</source>
        <translation>Exportar selección…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="475"/>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="484"/>
        <source>Select a run</source>
        <translation>Seleccione una ejecución</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <location filename="../qa_window.py" line="750"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <source>Step / measurement</source>
        <translation>Paso / medida</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="491"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <location filename="../qa_window.py" line="740"/>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>Low</source>
        <translation>Mín.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>High</source>
        <translation>Máx.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="492"/>
        <source>Margin</source>
        <translation>Margen</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Time</source>
        <translation>Tiempo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="508"/>
        <source>Steps and measurements</source>
        <translation>Pasos y medidas</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="509"/>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="510"/>
        <source>Attachments</source>
        <translation>Adjuntos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="511"/>
        <source>Cloud calls and labels</source>
        <translation>Llamadas a la nube y etiquetas</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="516"/>
        <source>Runs</source>
        <translation>Ejecuciones</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="544"/>
        <source>runs {first}–{last} of {total}</source>
        <translation>ejecuciones {first}–{last} de {total}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="607"/>
        <source>unit {serial}, all time</source>
        <translation>unidad {serial}, todo el historial</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="621"/>
        <source>runs started on {day}</source>
        <translation>ejecuciones iniciadas el {day}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="626"/>
        <source>script {script}</source>
        <translation>script {script}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="642"/>
        <source>run {run} · {station}/{slot} · operator {operator}</source>
        <translation>ejecución {run} · {station}/{slot} · operador {operator}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="644"/>
        <source>device {device} · MAC {mac} · zone {zone}</source>
        <translation>dispositivo {device} · MAC {mac} · zona {zone}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="646"/>
        <source>script {name} {version} · sha256 {sha}… · limits {limits}</source>
        <translation>script {name} {version} · sha256 {sha}… · límites {limits}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="667"/>
        <source>not run: the script stopped before this step</source>
        <translation>no ejecutado: el script se detuvo antes de este paso</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="673"/>
        <source> (marginal)</source>
        <translation> (marginal)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="711"/>
        <source>Export selected runs</source>
        <translation>Exportar las ejecuciones seleccionadas</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="717"/>
        <source>Export failed</source>
        <translation>La exportación falló</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="719"/>
        <source>exported {count} run(s) to {path}</source>
        <translation>{count} ejecución(es) exportada(s) a {path}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="737"/>
        <source>Trace</source>
        <translation>Trazar</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="744"/>
        <source>Scan or type a serial, device ID or MAC: every run of the unit, its blessing, reprints and rework, oldest first. Click a run to open it.</source>
        <translation>Escanee o escriba un número de serie, ID de dispositivo o MAC: cada ejecución de la unidad, su bendición, reimpresiones y retrabajos, de la más antigua a la más reciente. Haga clic en una ejecución para abrirla.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="750"/>
        <location filename="../qa_window.py" line="970"/>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="750"/>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="751"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="752"/>
        <location filename="../qa_window.py" line="973"/>
        <source>Local time ({zone}); hover a cell for UTC</source>
        <translation>Hora local ({zone}); pase el puntero sobre una celda para ver UTC</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="761"/>
        <source>Unit trace</source>
        <translation>Trazabilidad de unidad</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="772"/>
        <source>run {id}</source>
        <translation>ejecución {id}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="778"/>
        <source>label {id}</source>
        <translation>etiqueta {id}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="798"/>
        <source>Open this run</source>
        <translation>Abrir esta ejecución</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="801"/>
        <source>last cloud act: {action}</source>
        <translation>última acción en la nube: {action}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="802"/>
        <source>no bless event recorded</source>
        <translation>sin evento de bendición registrado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="804"/>
        <source>&lt;b&gt;{unit}&lt;/b&gt;: {runs} run(s), {audit} audit event(s), {labels} label job(s) · {state}</source>
        <translation>&lt;b&gt;{unit}&lt;/b&gt;: {runs} ejecución(es), {audit} evento(s) de auditoría, {labels} trabajo(s) de etiqueta · {state}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="820"/>
        <source>day</source>
        <translation>día</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="821"/>
        <source>station</source>
        <translation>estación</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="822"/>
        <source>script</source>
        <translation>script</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="825"/>
        <source>Yield per</source>
        <translation>Rendimiento por</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="838"/>
        <source>Yield and Pareto</source>
        <translation>Rendimiento y Pareto</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="850"/>
        <source>Measurement</source>
        <translation>Medida</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="850"/>
        <source>Bins</source>
        <translation>Intervalos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="857"/>
        <source>Cpk ≥ 1.33 capable (green), 1.00–1.33 marginal (orange), &lt; 1.00 not capable (red)</source>
        <translation>Cpk ≥ 1,33 capaz (verde), 1,00–1,33 marginal (naranja), &lt; 1,00 no capaz (rojo)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="862"/>
        <source>Histogram</source>
        <translation>Histograma</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="878"/>
        <source>&lt;b&gt;{runs} runs&lt;/b&gt;: {parts} — &lt;b&gt;{units} units&lt;/b&gt; first tested · first-pass yield &lt;b&gt;{fpy}&lt;/b&gt; · final yield &lt;b&gt;{final}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{runs} ejecuciones&lt;/b&gt;: {parts} — &lt;b&gt;{units} unidades&lt;/b&gt; probadas por primera vez · rendimiento a la primera &lt;b&gt;{fpy}&lt;/b&gt; · rendimiento final &lt;b&gt;{final}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="886"/>
        <source>Yield per {group} — {units} units (click a bar for its runs)</source>
        <translation>Rendimiento por {group} — {units} unidades (clic en una barra para ver sus ejecuciones)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="889"/>
        <source>first-pass yield</source>
        <translation>rendimiento a la primera</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="890"/>
        <source>final yield (last verdict)</source>
        <translation>rendimiento final (último veredicto)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="893"/>
        <source>{key}: {units} units · first-pass {fpy} ({fp}/{judged}) · final {final} · {errors} station error(s) · {none} without verdict</source>
        <translation>{key}: {units} unidades · a la primera {fpy} ({fp}/{judged}) · final {final} · {errors} error(es) de estación · {none} sin veredicto</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="898"/>
        <source>no unit was first tested in this period</source>
        <translation>ninguna unidad se probó por primera vez en este periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="901"/>
        <source>; {code} is {share} %</source>
        <translation>; {code} es el {share} %</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="904"/>
        <source>Failure Pareto — {n} failures</source>
        <translation>Pareto de fallos — {n} fallos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="906"/>
        <source>failures (FAIL runs)</source>
        <translation>fallos (ejecuciones FAIL)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="907"/>
        <source>cumulative %</source>
        <translation>% acumulado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="909"/>
        <source>{code}: {n} failures, {share} of all, {cum} cumulative</source>
        <translation>{code}: {n} fallos, {share} del total, {cum} acumulado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="911"/>
        <source>no FAIL run in this period</source>
        <translation>ninguna ejecución FAIL en este periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="932"/>
        <source>low</source>
        <translation>mín.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="932"/>
        <source>high</source>
        <translation>máx.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="936"/>
        <source>mean {mean}</source>
        <translation>media {mean}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="939"/>
        <source>units per bin</source>
        <translation>unidades por intervalo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="940"/>
        <source>no value in this period</source>
        <translation>ningún valor en este periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="949"/>
        <source>n = {n}   mean = {mean} {unit}   σ = {std}   limits {limits}</source>
        <translation>n = {n}   media = {mean} {unit}   σ = {std}   límites {limits}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="959"/>
        <source>Load newest events</source>
        <translation>Cargar los eventos más recientes</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="961"/>
        <source>Verify the chain</source>
        <translation>Verificar la cadena</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="970"/>
        <source>Seq</source>
        <translation>N.º</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="970"/>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="971"/>
        <source>Subject</source>
        <translation>Objeto</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="971"/>
        <source>Actor</source>
        <translation>Autor</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="972"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="980"/>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1004"/>
        <source>&lt;b style=&apos;color:#2e7d32&apos;&gt;Intact&lt;/b&gt;: {n} event(s) in {chains} chain(s)</source>
        <translation>&lt;b style=&apos;color:#2e7d32&apos;&gt;Íntegra&lt;/b&gt;: {n} evento(s) en {chains} cadena(s)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1007"/>
        <source>&lt;b style=&apos;color:#c62828&apos;&gt;BROKEN&lt;/b&gt;: </source>
        <translation>&lt;b style=&apos;color:#c62828&apos;&gt;ROTA&lt;/b&gt;: </translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="18"/>
        <source>This shift</source>
        <translation>Este turno</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="19"/>
        <source>Last 24 h</source>
        <translation>Últimas 24 h</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="20"/>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="21"/>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="22"/>
        <source>Last 90 days</source>
        <translation>Últimos 90 días</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="23"/>
        <source>All time</source>
        <translation>Todo</translation>
    </message>
    <message>
        <location filename="../qa_format.py" line="24"/>
        <source>From … to …</source>
        <translation>Desde … hasta …</translation>
    </message>
</context>
</TS>
