<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="152"/>
        <source>Yes  [Y]</source>
        <translation>Sí  [Y]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="153"/>
        <source>No  [N / Esc]</source>
        <translation>No  [N / Esc]</translation>
    </message>
</context>
<context>
    <name>DeviceLogView</name>
    <message>
        <location filename="../device_log_view.py" line="60"/>
        <source>Follow the slot</source>
        <translation>Seguir la posición</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="62"/>
        <source>move on to the next unit scanned into this slot</source>
        <translation>pasar a la siguiente unidad escaneada en esta posición</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="64"/>
        <source>or a device ID / MAC — Enter follows it</source>
        <translation>o un ID de dispositivo / MAC — Intro lo sigue</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="66"/>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="68"/>
        <source>not following a device</source>
        <translation>no se sigue ningún dispositivo</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="76"/>
        <source>Slot</source>
        <translation>Posición</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="94"/>
        <source>The live device log is impCentral&apos;s log stream; this line builds for %1: look the unit up in that cloud&apos;s console</source>
        <translation>El registro en vivo del dispositivo es el flujo de registros de impCentral; esta línea fabrica para %1: busque la unidad en la consola de esa nube</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="108"/>
        <source>Slot %1 — empty</source>
        <translation>Posición %1 — vacía</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="110"/>
        <source>device ID not read yet</source>
        <translation>ID de dispositivo aún no leído</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="111"/>
        <source>Slot %1 — %2 — %3</source>
        <translation>Posición %1 — %2 — %3</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="129"/>
        <source>the unit in this slot has not told its device ID yet</source>
        <translation>la unidad de esta posición aún no ha dado su ID de dispositivo</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="150"/>
        <source>following %1 …</source>
        <translation>siguiendo %1 …</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="169"/>
        <source>stopped following %1</source>
        <translation>se dejó de seguir %1</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="176"/>
        <source>following %1 — live</source>
        <translation>siguiendo %1 — en vivo</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="183"/>
        <source>the device log stopped: %1</source>
        <translation>el registro del dispositivo se detuvo: %1</translation>
    </message>
</context>
<context>
    <name>DeviceStrip</name>
    <message>
        <location filename="../operator_banner.py" line="131"/>
        <source>Cloud</source>
        <translation>Nube</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="131"/>
        <source>Fixture</source>
        <translation>Fixture</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="132"/>
        <source>Printer</source>
        <translation>Impresora</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="132"/>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="156"/>
        <source>not reported yet</source>
        <translation>sin informe todavía</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="158"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="161"/>
        <source>retrying: %1</source>
        <translation>reintentando: %1</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="164"/>
        <source>down: %1</source>
        <translation>caído: %1</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="179"/>
        <source>Operator: %1</source>
        <translation>Operador: %1</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="183"/>
        <source>Nobody signed in — scan your badge</source>
        <translation>Nadie ha iniciado sesión — escanee su credencial</translation>
    </message>
</context>
<context>
    <name>EngineerTools</name>
    <message>
        <location filename="../operator_engineer.py" line="49"/>
        <source>Engineer tools — %1</source>
        <translation>Herramientas de ingeniería — %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="55"/>
        <source>Fixture console</source>
        <translation>Consola del fixture</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="56"/>
        <source>Cloud targets</source>
        <translation>Destinos en la nube</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="57"/>
        <source>Reassign / unbless</source>
        <translation>Reasignar / desbendecir</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="58"/>
        <source>Reprint label</source>
        <translation>Reimprimir etiqueta</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="60"/>
        <source>Device log</source>
        <translation>Registro del dispositivo</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="87"/>
        <source>a protocol command, e.g. IDN or VOLT 3V3 1 — Enter sends</source>
        <translation>un comando del protocolo, p. ej. IDN o VOLT 3V3 1 — Intro envía</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="115"/>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="125"/>
        <source>targets unknown</source>
        <translation>destinos desconocidos</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="127"/>
        <source>blessing allowed</source>
        <translation>bendición permitida</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="127"/>
        <source>blessing blocked: %1</source>
        <translation>bendición bloqueada: %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="129"/>
        <source>pending change: %1</source>
        <translation>cambio pendiente: %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="131"/>
        <source>last sync error: %1</source>
        <translation>último error de sincronización: %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="142"/>
        <source>only for reassign: the production group to move it to</source>
        <translation>solo para reasignar: el grupo de producción de destino</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="144"/>
        <location filename="../operator_engineer.py" line="167"/>
        <source>why (kept in the audit trail)</source>
        <translation>motivo (queda en la auditoría)</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="145"/>
        <source>Reassign to this production group</source>
        <translation>Reasignar a este grupo de producción</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="147"/>
        <source>Unbless (take it out of its production group)</source>
        <translation>Desbendecir (sacarlo de su grupo de producción)</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="152"/>
        <source>Device ID</source>
        <translation>ID del dispositivo</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="153"/>
        <source>Production group ID</source>
        <translation>ID del grupo de producción</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="154"/>
        <location filename="../operator_engineer.py" line="174"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="157"/>
        <source>Unblessing in the Production Zone reads the key from $%1</source>
        <translation>Desbendecir en la Zona de Producción lee la clave de $%1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="165"/>
        <source>run ID or label job ID (a unique prefix will do)</source>
        <translation>ID de ejecución o de trabajo de etiqueta (basta un prefijo único)</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="168"/>
        <source>Reprint the label</source>
        <translation>Reimprimir la etiqueta</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="173"/>
        <source>Run or job</source>
        <translation>Ejecución o trabajo</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="208"/>
        <source>sync failed: %1</source>
        <translation>la sincronización falló: %1</translation>
    </message>
</context>
<context>
    <name>OperatorWindow</name>
    <message>
        <location filename="../operator_window.py" line="126"/>
        <source>Factory Station</source>
        <translation>Estación de fábrica</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="150"/>
        <location filename="../operator_window.py" line="266"/>
        <location filename="../operator_window.py" line="480"/>
        <location filename="../operator_window.py" line="540"/>
        <source>Scan your badge to sign in</source>
        <translation>Escanee su credencial para iniciar sesión</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="230"/>
        <location filename="../operator_window.py" line="265"/>
        <location filename="../operator_window.py" line="437"/>
        <source>Scan a unit</source>
        <translation>Escanee una unidad</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="271"/>
        <source>Not accepted: %1 — %2</source>
        <translation>No aceptado: %1 — %2</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="292"/>
        <source>Nothing to acknowledge: the targets have not changed</source>
        <translation>Nada que confirmar: los destinos no cambiaron</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="423"/>
        <source>Not taken: %1 — answer the question of slot %2 first, then scan again</source>
        <translation>No tomado: %1 — primero responda la pregunta del puesto %2 y vuelva a escanear</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="427"/>
        <source>Not accepted: %1 — typed input is not accepted here; scan the barcode</source>
        <translation>No aceptado: %1 — aquí no se acepta texto tecleado; escanee el código</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="431"/>
        <source>Not accepted: %1 is a unit — scan your badge first</source>
        <translation>No aceptado: %1 es una unidad — escanee primero su credencial</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="438"/>
        <source>Signing in %1…</source>
        <translation>Iniciando sesión %1…</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="441"/>
        <source>Scanned %1</source>
        <translation>Escaneado %1</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="481"/>
        <source>%1 signed out</source>
        <translation>%1 cerró sesión</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="491"/>
        <source>Slot %1 has nothing to abort</source>
        <translation>El puesto %1 no tiene nada que abortar</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="493"/>
        <source>Abort slot %1</source>
        <translation>Abortar puesto %1</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="494"/>
        <source>Abort the test of %1 in slot %2?</source>
        <translation>¿Abortar la prueba de %1 en el puesto %2?</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="504"/>
        <source>Engineer tools need an engineer&apos;s badge</source>
        <translation>Las herramientas requieren una credencial de ingeniero</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="268"/>
        <location filename="../operator_window.py" line="523"/>
        <source>Station ready: scan your badge</source>
        <translation>Estación lista: escanee su credencial</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="159"/>
        <source>Enter: scan   P/F, Y/N, 1–9: answer   F2: acknowledge targets   F3: engineer tools   F4: sign out   Ctrl+N: abort slot N   Esc: clear</source>
        <translation>Enter: escanear   P/F, Y/N, 1–9: responder   F2: confirmar destinos   F3: herramientas de ingeniería   F4: cerrar sesión   Ctrl+N: abortar puesto N   Esc: borrar</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="267"/>
        <location filename="../operator_window.py" line="524"/>
        <source>Station ready: scan a unit</source>
        <translation>Estación lista: escanee una unidad</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="529"/>
        <source>%1 → slot %2</source>
        <translation>%1 → puesto %2</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="531"/>
        <source>That question was no longer waiting for an answer</source>
        <translation>Esa pregunta ya no esperaba respuesta</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="533"/>
        <source>Signed in: %1 — scan a unit</source>
        <translation>Sesión iniciada: %1 — escanee una unidad</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="535"/>
        <source>Targets acknowledged: blessing goes on</source>
        <translation>Destinos confirmados: la bendición continúa</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="560"/>
        <source>Kiosk mode: an engineer signs in to close the station</source>
        <translation>Modo quiosco: un ingeniero inicia sesión para cerrar la estación</translation>
    </message>
</context>
<context>
    <name>OperatorWords</name>
    <message>
        <location filename="../operator_theme.py" line="32"/>
        <source>Scan a unit</source>
        <translation>Escanee una unidad</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="33"/>
        <source>Unit scanned</source>
        <translation>Unidad escaneada</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="34"/>
        <source>Provisioning (BlinkUp)</source>
        <translation>Aprovisionando (BlinkUp)</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="35"/>
        <source>Waiting for the cloud</source>
        <translation>Esperando la nube</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="36"/>
        <source>Testing</source>
        <translation>Probando</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="37"/>
        <source>Blessing</source>
        <translation>Bendiciendo</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="38"/>
        <source>On hold</source>
        <translation>En espera</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="39"/>
        <source>Printing label</source>
        <translation>Imprimiendo etiqueta</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="40"/>
        <source>Done</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="45"/>
        <source>PASS</source>
        <translation>PASA</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="46"/>
        <source>FAIL</source>
        <translation>FALLA</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="47"/>
        <source>ERROR</source>
        <translation>ERROR</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="48"/>
        <source>ABORTED</source>
        <translation>ABORTADO</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="53"/>
        <source>Blessed</source>
        <translation>Bendecida</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="54"/>
        <source>In the product, firmware locked</source>
        <translation>En el producto, firmware bloqueado</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="55"/>
        <source>Registered with its activation code</source>
        <translation>Registrada con su código de activación</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="58"/>
        <source>Blessed and labelled: put the unit in the good tray</source>
        <translation>Bendecida y etiquetada: ponga la unidad en la bandeja buena</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="59"/>
        <source>In the product and labelled: put the unit in the good tray</source>
        <translation>En el producto y etiquetada: ponga la unidad en la bandeja buena</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="60"/>
        <source>Registered and labelled: put the unit in the good tray</source>
        <translation>Registrada y etiquetada: ponga la unidad en la bandeja buena</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="63"/>
        <source>The unit failed: put it in the red reject bin</source>
        <translation>La unidad falló: póngala en el contenedor rojo de rechazo</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="64"/>
        <source>Station problem — not the unit: call the line engineer</source>
        <translation>Problema de la estación — no de la unidad: llame al ingeniero de línea</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="65"/>
        <source>Aborted: test the unit again</source>
        <translation>Abortado: pruebe la unidad de nuevo</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="96"/>
        <source>TEST ZONE</source>
        <translation>ZONA DE PRUEBA</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="98"/>
        <source>PRODUCTION ZONE</source>
        <translation>ZONA DE PRODUCCIÓN</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="99"/>
        <source>TARGETS UNKNOWN — blessing blocked</source>
        <translation>DESTINOS DESCONOCIDOS — bendición bloqueada</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="111"/>
        <source>never synced</source>
        <translation>nunca sincronizado</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="113"/>
        <source>synced %1 s ago</source>
        <translation>sincronizado hace %1 s</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="115"/>
        <source>synced %1 min ago</source>
        <translation>sincronizado hace %1 min</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="116"/>
        <source>synced %1 h ago</source>
        <translation>sincronizado hace %1 h</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="121"/>
        <source>format OK</source>
        <translation>formato correcto</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="122"/>
        <source>format wrong</source>
        <translation>formato incorrecto</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="123"/>
        <source>recorded</source>
        <translation>registrado</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="135"/>
        <location filename="../operator_theme.py" line="136"/>
        <source>The fixture did not answer</source>
        <translation>El útil de prueba no respondió</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="137"/>
        <source>The camera did not work</source>
        <translation>La cámara no funcionó</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="138"/>
        <source>A test instrument did not work</source>
        <translation>Un instrumento de prueba no funcionó</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="139"/>
        <source>The cloud could not be reached</source>
        <translation>No se pudo contactar con la nube</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="140"/>
        <source>The screen could not provision the unit</source>
        <translation>La pantalla no pudo aprovisionar la unidad</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="141"/>
        <source>The cloud never saw the unit come online</source>
        <translation>La nube nunca vio la unidad conectarse</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="142"/>
        <source>The cloud saw a different unit</source>
        <translation>La nube vio otra unidad</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="143"/>
        <source>Two units may have been swapped between slots</source>
        <translation>Puede que dos unidades se hayan intercambiado entre puestos</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="144"/>
        <source>The cloud did not bless the unit</source>
        <translation>La nube no bendijo la unidad</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="145"/>
        <source>The station could not record the test</source>
        <translation>La estación no pudo registrar la prueba</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="146"/>
        <source>The station software failed</source>
        <translation>Falló el software de la estación</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="147"/>
        <source>The test was stopped</source>
        <translation>La prueba se detuvo</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="149"/>
        <source>%1 too low: %2 (needs %3)</source>
        <translation>%1 demasiado bajo: %2 (debe ser %3)</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="150"/>
        <source>%1 too high: %2 (needs %3)</source>
        <translation>%1 demasiado alto: %2 (debe ser %3)</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="151"/>
        <source>%1 wrong: %2 (needs %3)</source>
        <translation>%1 incorrecto: %2 (debe ser %3)</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="152"/>
        <source>%1 was not measured</source>
        <translation>%1 no se midió</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="153"/>
        <source>The unit failed the step %1</source>
        <translation>La unidad falló el paso %1</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="154"/>
        <source>The unit did not answer on its console</source>
        <translation>La unidad no respondió en su consola</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="155"/>
        <source>The station had a problem</source>
        <translation>La estación tuvo un problema</translation>
    </message>
</context>
<context>
    <name>PromptBox</name>
    <message>
        <location filename="../operator_prompt.py" line="86"/>
        <source>Waiting: answer slot %1 first</source>
        <translation>En espera: responda primero el puesto %1</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="92"/>
        <source>Slot %1 asks</source>
        <translation>El puesto %1 pregunta</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="105"/>
        <source>Press P = PASS   ·   F = FAIL</source>
        <translation>Pulse P = PASA   ·   F = FALLA</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="107"/>
        <source>Press Y = yes   ·   N = no</source>
        <translation>Pulse Y = sí   ·   N = no</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="110"/>
        <source>Press the number: %1</source>
        <translation>Pulse el número: %1</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="112"/>
        <source>Answer in the window on the screen</source>
        <translation>Responda en la ventana de la pantalla</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="113"/>
        <source>Type or scan the answer, then Enter</source>
        <translation>Escriba o escanee la respuesta y pulse Enter</translation>
    </message>
</context>
<context>
    <name>ShiftStrip</name>
    <message>
        <location filename="../operator_shift.py" line="47"/>
        <source>Shift: %1 tested · %2 PASS · %3 FAIL · %4 ERROR · first pass %5</source>
        <translation>Turno: %1 probadas · %2 PASA · %3 FALLA · %4 ERROR · a la primera %5</translation>
    </message>
    <message>
        <location filename="../operator_shift.py" line="53"/>
        <source>Last:</source>
        <translation>Últimas:</translation>
    </message>
    <message>
        <location filename="../operator_shift.py" line="60"/>
        <location filename="../operator_shift.py" line="67"/>
        <source>Script %1 %2 · limits %3</source>
        <translation>Script %1 %2 · límites %3</translation>
    </message>
</context>
<context>
    <name>SlotPanel</name>
    <message>
        <location filename="../operator_slot.py" line="70"/>
        <source>Slot %1</source>
        <translation>Puesto %1</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Measurement</source>
        <translation>Medición</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Limits</source>
        <translation>Límites</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="214"/>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="175"/>
        <source>Label not printed yet (%1): it stays in the print queue</source>
        <translation>Etiqueta aún no impresa (%1): queda en la cola de impresión</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="183"/>
        <source>ON HOLD</source>
        <translation>EN ESPERA</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="205"/>
        <source>label printed</source>
        <translation>etiqueta impresa</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="230"/>
        <source>marginal: close to a limit</source>
        <translation>marginal: cerca de un límite</translation>
    </message>
</context>
<context>
    <name>TargetsAckDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="58"/>
        <source>Cloud targets changed</source>
        <translation>Los destinos en la nube cambiaron</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="62"/>
        <source>The cloud targets of this station changed. Blessing is stopped until you acknowledge.</source>
        <translation>Los destinos en la nube de esta estación cambiaron. La bendición se detiene hasta que confirme.</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="72"/>
        <source>Fixture group: %1
DUTs land in: %2
Blessed units go to: %3</source>
        <translation>Grupo del fixture: %1
Las DUT llegan a: %2
Las unidades bendecidas van a: %3</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="78"/>
        <location filename="../operator_dialogs.py" line="126"/>
        <source>What changed: %1</source>
        <translation>Qué cambió: %1</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="86"/>
        <source>Production Zone: an engineer scans their badge here</source>
        <translation>Zona de producción: un ingeniero escanea aquí su credencial</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="95"/>
        <source>I have checked the zone and targets — acknowledge  [F2]</source>
        <translation>He revisado la zona y los destinos — confirmar  [F2]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="110"/>
        <source>A Production Zone change needs an engineer: scan an engineer&apos;s badge</source>
        <translation>Un cambio en la zona de producción requiere un ingeniero: escanee la credencial de un ingeniero</translation>
    </message>
</context>
<context>
    <name>ZoneBanner</name>
    <message>
        <location filename="../operator_banner.py" line="81"/>
        <source>%1  ·  passing units go to %2</source>
        <translation>%1  ·  las unidades aprobadas van a %2</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="87"/>
        <source>Fixture group %1  ·  DUTs land in %2  ·  blessed units go to %3</source>
        <translation>Grupo del fixture %1  ·  las DUT llegan a %2  ·  las bendecidas van a %3</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="93"/>
        <source>Fixture group and targets not known yet</source>
        <translation>Grupo del fixture y destinos aún desconocidos</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="99"/>
        <source>TARGETS CHANGED — blessing blocked until acknowledged (F2)</source>
        <translation>DESTINOS CAMBIADOS — bendición bloqueada hasta confirmar (F2)</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="101"/>
        <source>TARGETS STALE — blessing blocked until the cloud answers</source>
        <translation>DESTINOS VENCIDOS — bendición bloqueada hasta que la nube responda</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="103"/>
        <source>The cloud did not say which zone this fixture is in</source>
        <translation>La nube no indicó en qué zona está este fixture</translation>
    </message>
</context>
</TS>
