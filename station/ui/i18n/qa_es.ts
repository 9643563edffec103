<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>QAWindow</name>
    <message>
        <location filename="../qa_window.py" line="89"/>
        <source>capable</source>
        <translation>capaz</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="90"/>
        <source>marginal: below 1.33</source>
        <translation>marginal: por debajo de 1,33</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="91"/>
        <source>not capable: below 1.00</source>
        <translation>no capaz: por debajo de 1,00</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="93"/>
        <source>Serial</source>
        <translation>Número de serie</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="423"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="94"/>
        <location filename="../qa_window.py" line="425"/>
        <source>Failure</source>
        <translation>Fallo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <location filename="../qa_window.py" line="424"/>
        <location filename="../qa_window.py" line="976"/>
        <source>Station</source>
        <translation>Estación</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="95"/>
        <location filename="../qa_window.py" line="424"/>
        <source>Script</source>
        <translation>Script</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="96"/>
        <source>Device ID</source>
        <translation>ID de dispositivo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="96"/>
        <location filename="../qa_window.py" line="425"/>
        <source>Zone</source>
        <translation>Zona</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="97"/>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="191"/>
        <source>Factory Station — QA review</source>
        <translation>Factory Station — revisión de calidad</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="241"/>
        <source>working…</source>
        <translation>trabajando…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="262"/>
        <source>no database</source>
        <translation>sin base de datos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="269"/>
        <source>Counted back from now; the same periods as station qa --since shift|24h|7d|…</source>
        <translation>Contado hacia atrás desde ahora; los mismos periodos que station qa --since shift|24h|7d|…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="276"/>
        <source>Local time ({zone})</source>
        <translation>Hora local ({zone})</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="282"/>
        <source>Open database…</source>
        <translation>Abrir base de datos…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="285"/>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="324"/>
        <source>since {time}</source>
        <translation>desde {time}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="356"/>
        <source>Open database</source>
        <translation>Abrir base de datos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="357"/>
        <source>SQLite file or database URL (central PostgreSQL):</source>
        <translation>Archivo SQLite o URL de base de datos (PostgreSQL central):</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="362"/>
        <source>Cannot open the database</source>
        <translation>No se puede abrir la base de datos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="371"/>
        <source>Database: {url}</source>
        <translation>Base de datos: {url}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="385"/>
        <location filename="../qa_window.py" line="408"/>
        <location filename="../qa_window.py" line="412"/>
        <location filename="../qa_window.py" line="414"/>
        <location filename="../qa_window.py" line="418"/>
        <source>(any)</source>
        <translation>(todos)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="406"/>
        <location filename="../qa_window.py" line="741"/>
        <source>serial, device ID or MAC</source>
        <translation>número de serie, ID de dispositivo o MAC</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="416"/>
        <source>failure code</source>
        <translation>código de fallo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="419"/>
        <source>production</source>
        <translation>producción</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="420"/>
        <source>test</source>
        <translation>prueba</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="423"/>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="428"/>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="438"/>
        <source>Show the whole period</source>
        <translation>Mostrar todo el periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="465"/>
        <source>◀ Newer</source>
        <translation>◀ Más recientes</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="466"/>
        <source>Older ▶</source>
        <translation>Más antiguos ▶</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="472"/>
        <source>Export selected…</source>
        <translation>Exportar selección…</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="477"/>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="486"/>
        <source>Select a run</source>
        <translation>Seleccione una ejecución</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <location filename="../qa_window.py" line="755"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Step / measurement</source>
        <translation>Paso / medida</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="493"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <location filename="../qa_window.py" line="745"/>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>Low</source>
        <translation>Mín.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>High</source>
        <translation>Máx.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="494"/>
        <source>Margin</source>
        <translation>Margen</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="495"/>
        <source>Time</source>
        <translation>Tiempo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="510"/>
        <source>Steps and measurements</source>
        <translation>Pasos y medidas</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="511"/>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="512"/>
        <source>Attachments</source>
        <translation>Adjuntos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="513"/>
        <source>Cloud calls and labels</source>
        <translation>Llamadas a la nube y etiquetas</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="515"/>
        <source>Series</source>
        <translation>Series</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="520"/>
        <source>Runs</source>
        <translation>Ejecuciones</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="548"/>
        <source>runs {first}–{last} of {total}</source>
        <translation>ejecuciones {first}–{last} de {total}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="611"/>
        <source>unit {serial}, all time</source>
        <translation>unidad {serial}, todo el historial</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="625"/>
        <source>runs started on {day}</source>
        <translation>ejecuciones iniciadas el {day}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="630"/>
        <source>script {script}</source>
        <translation>script {script}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="646"/>
        <source>run {run} · {station}/{slot} · operator {operator}</source>
        <translation>ejecución {run} · {station}/{slot} · operador {operator}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="648"/>
        <source>device {device} · MAC {mac} · zone {zone}</source>
        <translation>dispositivo {device} · MAC {mac} · zona {zone}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="650"/>
        <source>script {name} {version} · sha256 {sha}… · limits {limits}</source>
        <translation>script {name} {version} · sha256 {sha}… · límites {limits}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="671"/>
        <source>not run: the script stopped before this step</source>
        <translation>no ejecutado: el script se detuvo antes de este paso</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="677"/>
        <source> (marginal)</source>
        <translation> (marginal)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="716"/>
        <source>Export selected runs</source>
        <translation>Exportar las ejecuciones seleccionadas</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="722"/>
        <source>Export failed</source>
        <translation>La exportación falló</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="724"/>
        <source>exported {count} run(s) to {path}</source>
        <translation>{count} ejecución(es) exportada(s) a {path}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="742"/>
        <source>Trace</source>
        <translation>Trazar</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="749"/>
        <source>Scan or type a serial, device ID or MAC: every run of the unit, its blessing, reprints and rework, oldest first. Click a run to open it.</source>
        <translation>Escanee o escriba un número de serie, ID de dispositivo o MAC: cada ejecución de la unidad, su bendición, reimpresiones y retrabajos, de la más antigua a la más reciente. Haga clic en una ejecución para abrirla.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="755"/>
        <location filename="../qa_window.py" line="975"/>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="755"/>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="756"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="757"/>
        <location filename="../qa_window.py" line="978"/>
        <source>Local time ({zone}); hover a cell for UTC</source>
        <translation>Hora local ({zone}); pase el puntero sobre una celda para ver UTC</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="766"/>
        <source>Unit trace</source>
        <translation>Trazabilidad de unidad</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="777"/>
        <source>run {id}</source>
        <translation>ejecución {id}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="783"/>
        <source>label {id}</source>
        <translation>etiqueta {id}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="803"/>
        <source>Open this run</source>
        <translation>Abrir esta ejecución</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="806"/>
        <source>last cloud act: {action}</source>
        <translation>última acción en la nube: {action}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="807"/>
        <source>no bless event recorded</source>
        <translation>sin evento de bendición registrado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="809"/>
        <source>&lt;b&gt;{unit}&lt;/b&gt;: {runs} run(s), {audit} audit event(s), {labels} label job(s) · {state}</source>
        <translation>&lt;b&gt;{unit}&lt;/b&gt;: {runs} ejecución(es), {audit} evento(s) de auditoría, {labels} trabajo(s) de etiqueta · {state}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="825"/>
        <source>day</source>
        <translation>día</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="826"/>
        <source>station</source>
        <translation>estación</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="827"/>
        <source>script</source>
        <translation>script</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="830"/>
        <source>Yield per</source>
        <translation>Rendimiento por</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="843"/>
        <source>Yield and Pareto</source>
        <translation>Rendimiento y Pareto</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="855"/>
        <source>Measurement</source>
        <translation>Medida</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="855"/>
        <source>Bins</source>
        <translation>Intervalos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="862"/>
        <source>Cpk ≥ 1.33 capable (green), 1.00–1.33 marginal (orange), &lt; 1.00 not capable (red)</source>
        <translation>Cpk ≥ 1,33 capaz (verde), 1,00–1,33 marginal (naranja), &lt; 1,00 no capaz (rojo)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="867"/>
        <source>Histogram</source>
        <translation>Histograma</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="883"/>
        <source>&lt;b&gt;{runs} runs&lt;/b&gt;: {parts} — &lt;b&gt;{units} units&lt;/b&gt; first tested · first-pass yield &lt;b&gt;{fpy}&lt;/b&gt; · final yield &lt;b&gt;{final}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{runs} ejecuciones&lt;/b&gt;: {parts} — &lt;b&gt;{units} unidades&lt;/b&gt; probadas por primera vez · rendimiento a la primera &lt;b&gt;{fpy}&lt;/b&gt; · rendimiento final &lt;b&gt;{final}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="891"/>
        <source>Yield per {group} — {units} units (click a bar for its runs)</source>
        <translation>Rendimiento por {group} — {units} unidades (clic en una barra para ver sus ejecuciones)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="894"/>
        <source>first-pass yield</source>
        <translation>rendimiento a la primera</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="895"/>
        <source>final yield (last verdict)</source>
        <translation>rendimiento final (último veredicto)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="898"/>
        <source>{key}: {units} units · first-pass {fpy} ({fp}/{judged}) · final {final} · {errors} station error(s) · {none} without verdict</source>
        <translation>{key}: {units} unidades · a la primera {fpy} ({fp}/{judged}) · final {final} · {errors} error(es) de estación · {none} sin veredicto</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="903"/>
        <source>no unit was first tested in this period</source>
        <translation>ninguna unidad se probó por primera vez en este periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="906"/>
        <source>; {code} is {share} %</source>
        <translation>; {code} es el {share} %</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="909"/>
        <source>Failure Pareto — {n} failures</source>
        <translation>Pareto de fallos — {n} fallos</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="911"/>
        <source>failures (FAIL runs)</source>
        <translation>fallos (ejecuciones FAIL)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="912"/>
        <source>cumulative %</source>
        <translation>% acumulado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="914"/>
        <source>{code}: {n} failures, {share} of all, {cum} cumulative</source>
        <translation>{code}: {n} fallos, {share} del total, {cum} acumulado</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="916"/>
        <source>no FAIL run in this period</source>
        <translation>ninguna ejecución FAIL en este periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="937"/>
        <source>low</source>
        <translation>mín.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="937"/>
        <source>high</source>
        <translation>máx.</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="941"/>
        <source>mean {mean}</source>
        <translation>media {mean}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="944"/>
        <source>units per bin</source>
        <translation>unidades por intervalo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="945"/>
        <source>no value in this period</source>
        <translation>ningún valor en este periodo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="954"/>
        <source>n = {n}   mean = {mean} {unit}   σ = {std}   limits {limits}</source>
        <translation>n = {n}   media = {mean} {unit}   σ = {std}   límites {limits}</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="964"/>
        <source>Load newest events</source>
        <translation>Cargar los eventos más recientes</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="966"/>
        <source>Verify the chain</source>
        <translation>Verificar la cadena</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="975"/>
        <source>Seq</source>
        <translation>N.º</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="975"/>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="976"/>
        <source>Subject</source>
        <translation>Objeto</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="976"/>
        <source>Actor</source>
        <translation>Autor</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="977"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="985"/>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1009"/>
        <source>&lt;b style=&apos;color:#2e7d32&apos;&gt;Intact&lt;/b&gt;: {n} event(s) in {chains} chain(s)</source>
        <translation>&lt;b style=&apos;color:#2e7d32&apos;&gt;Íntegra&lt;/b&gt;: {n} evento(s) en {chains} cadena(s)</translation>
    </message>
    <message>
        <location filename="../qa_window.py" line="1012"/>
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
