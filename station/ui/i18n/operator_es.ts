<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="239"/>
        <source>Yes  [Y]</source>
        <translation>Sí  [Y]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="240"/>
        <source>No  [N / Esc]</source>
        <translation>No  [N / Esc]</translation>
    </message>
</context>
<context>
    <name>DeviceStrip</name>
    <message>
        <location filename="../operator_banner.py" line="106"/>
        <source>Cloud</source>
        <translation>Nube</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="106"/>
        <source>Fixture</source>
        <translation>Fixture</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="107"/>
        <source>Printer</source>
        <translation>Impresora</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="107"/>
        <source>Camera</source>
        <translation>Cámara</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="129"/>
        <source>not reported yet</source>
        <translation>sin informe todavía</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="131"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="133"/>
        <source>fault</source>
        <translation>falla</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="144"/>
        <source>Operator: %1</source>
        <translation>Operador: %1</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="148"/>
        <source>Nobody signed in — scan your badge</source>
        <translation>Nadie ha iniciado sesión — escanee su credencial</translation>
    </message>
</context>
<context>
    <name>EngineerTools</name>
    <message>
        <location filename="../operator_engineer.py" line="46"/>
        <source>Engineer tools — %1</source>
        <translation>Herramientas de ingeniería — %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="51"/>
        <source>Fixture console</source>
        <translation>Consola del fixture</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="52"/>
        <source>Cloud targets</source>
        <translation>Destinos en la nube</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="53"/>
        <source>Reassign / unbless</source>
        <translation>Reasignar / desbendecir</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="56"/>
        <source>Device log</source>
        <translation>Registro del dispositivo</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="66"/>
        <source>a protocol command, e.g. IDN or VOLT 3V3 1 — Enter sends</source>
        <translation>un comando del protocolo, p. ej. IDN o VOLT 3V3 1 — Intro envía</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="94"/>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="104"/>
        <source>targets unknown</source>
        <translation>destinos desconocidos</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="106"/>
        <source>blessing allowed</source>
        <translation>bendición permitida</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="106"/>
        <source>blessing blocked: %1</source>
        <translation>bendición bloqueada: %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="108"/>
        <source>pending change: %1</source>
        <translation>cambio pendiente: %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="110"/>
        <source>last sync error: %1</source>
        <translation>último error de sincronización: %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="122"/>
        <source>why (kept in the audit trail)</source>
        <translation>motivo (queda en la auditoría)</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="123"/>
        <source>Reassign to this production group</source>
        <translation>Reasignar a este grupo de producción</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="125"/>
        <source>Unbless from this production group</source>
        <translation>Desbendecir de este grupo de producción</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="130"/>
        <source>Device ID</source>
        <translation>ID del dispositivo</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="131"/>
        <source>Production group ID</source>
        <translation>ID del grupo de producción</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="132"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="135"/>
        <source>Unblessing in the Production Zone reads the key from $%1</source>
        <translation>Desbendecir en la Zona de Producción lee la clave de $%1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="205"/>
        <source>sync failed: %1</source>
        <translation>la sincronización falló: %1</translation>
    </message>
</context>
<context>
    <name>OperatorWindow</name>
    <message>
        <location filename="../operator_window.py" line="122"/>
        <source>Factory Station</source>
        <translation>Estación de fábrica</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="138"/>
        <location filename="../operator_window.py" line="234"/>
        <location filename="../operator_window.py" line="352"/>
        <location filename="../operator_window.py" line="408"/>
        <source>Scan your badge to sign in</source>
        <translation>Escanee su credencial para iniciar sesión</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="146"/>
        <source>Enter: scan   F2: acknowledge targets   F3: engineer tools   F4: sign out   Ctrl+N: abort slot N   Esc: clear</source>
        <translation>Intro: escanear   F2: confirmar destinos   F3: herramientas   F4: cerrar sesión   Ctrl+N: abortar puesto N   Esc: borrar</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="212"/>
        <location filename="../operator_window.py" line="233"/>
        <location filename="../operator_window.py" line="323"/>
        <source>Scan a unit</source>
        <translation>Escanee una unidad</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="239"/>
        <source>Not accepted: %1 — %2</source>
        <translation>No aceptado: %1 — %2</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="260"/>
        <source>Nothing to acknowledge: the targets have not changed</source>
        <translation>Nada que confirmar: los destinos no cambiaron</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="317"/>
        <source>Not accepted: %1 — typed input is not accepted here; scan the barcode</source>
        <translation>No aceptado: %1 — aquí no se acepta texto tecleado; escanee el código</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="324"/>
        <source>Signing in %1…</source>
        <translation>Iniciando sesión %1…</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="327"/>
        <source>Scanned %1</source>
        <translation>Escaneado %1</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="353"/>
        <source>%1 signed out</source>
        <translation>%1 cerró sesión</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="363"/>
        <source>Slot %1 has nothing to abort</source>
        <translation>El puesto %1 no tiene nada que abortar</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="365"/>
        <source>Abort slot %1</source>
        <translation>Abortar puesto %1</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="366"/>
        <source>Abort the test of %1 in slot %2?</source>
        <translation>¿Abortar la prueba de %1 en el puesto %2?</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="376"/>
        <source>Engineer tools need an engineer&apos;s badge</source>
        <translation>Las herramientas requieren una credencial de ingeniero</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="236"/>
        <location filename="../operator_window.py" line="395"/>
        <source>Station ready: scan your badge</source>
        <translation>Estación lista: escanee su credencial</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="235"/>
        <location filename="../operator_window.py" line="396"/>
        <source>Station ready: scan a unit</source>
        <translation>Estación lista: escanee una unidad</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="399"/>
        <source>%1 → slot %2</source>
        <translation>%1 → puesto %2</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="401"/>
        <source>That question was no longer waiting for an answer</source>
        <translation>Esa pregunta ya no esperaba respuesta</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="403"/>
        <source>Signed in: %1 — scan a unit</source>
        <translation>Sesión iniciada: %1 — escanee una unidad</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="426"/>
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
        <location filename="../operator_theme.py" line="51"/>
        <source>Blessed and labelled: put the unit in the good tray</source>
        <translation>Bendecida y etiquetada: ponga la unidad en la bandeja buena</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="52"/>
        <source>The unit failed: put it in the red reject bin</source>
        <translation>La unidad falló: póngala en el contenedor rojo de rechazo</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="53"/>
        <source>Station problem — not the unit: call the line engineer</source>
        <translation>Problema de la estación — no de la unidad: llame al ingeniero de línea</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="54"/>
        <source>Aborted: test the unit again</source>
        <translation>Abortado: pruebe la unidad de nuevo</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="78"/>
        <source>TEST ZONE</source>
        <translation>ZONA DE PRUEBA</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="80"/>
        <source>PRODUCTION ZONE</source>
        <translation>ZONA DE PRODUCCIÓN</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="81"/>
        <source>TARGETS UNKNOWN — blessing blocked</source>
        <translation>DESTINOS DESCONOCIDOS — bendición bloqueada</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="93"/>
        <source>never synced</source>
        <translation>nunca sincronizado</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="95"/>
        <source>synced %1 s ago</source>
        <translation>sincronizado hace %1 s</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="97"/>
        <source>synced %1 min ago</source>
        <translation>sincronizado hace %1 min</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="98"/>
        <source>synced %1 h ago</source>
        <translation>sincronizado hace %1 h</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="53"/>
        <source>Slot %1 asks</source>
        <translation>El puesto %1 pregunta</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="55"/>
        <source>Slot %1</source>
        <translation>Puesto %1</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="73"/>
        <source>(the image could not be shown)</source>
        <translation>(no se pudo mostrar la imagen)</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="79"/>
        <source>PASS  [P]</source>
        <translation>PASA  [P]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="80"/>
        <source>FAIL  [F]</source>
        <translation>FALLA  [F]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="90"/>
        <location filename="../operator_dialogs.py" line="105"/>
        <source>OK  [Enter]</source>
        <translation>Aceptar  [Intro]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="101"/>
        <source>Choose  [Enter]</source>
        <translation>Elegir  [Intro]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="106"/>
        <source>Cancel  [Esc]</source>
        <translation>Cancelar  [Esc]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="111"/>
        <source>Abort unit  [Ctrl+%1]</source>
        <translation>Abortar unidad  [Ctrl+%1]</translation>
    </message>
</context>
<context>
    <name>SlotPanel</name>
    <message>
        <location filename="../operator_slot.py" line="49"/>
        <source>Slot %1</source>
        <translation>Puesto %1</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="71"/>
        <source>Measurement</source>
        <translation>Medición</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="71"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="71"/>
        <source>Limits</source>
        <translation>Límites</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="71"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="113"/>
        <source>Label not printed yet (%1): it stays in the print queue</source>
        <translation>Etiqueta aún no impresa (%1): queda en la cola de impresión</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="120"/>
        <source>ON HOLD</source>
        <translation>EN ESPERA</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="142"/>
        <source>Blessed</source>
        <translation>Bendecida</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="142"/>
        <source>label printed</source>
        <translation>etiqueta impresa</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="150"/>
        <source>step %1 of %2</source>
        <translation>paso %1 de %2</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="175"/>
        <source>marginal: close to a limit</source>
        <translation>marginal: cerca de un límite</translation>
    </message>
</context>
<context>
    <name>TargetsAckDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="181"/>
        <source>Cloud targets changed</source>
        <translation>Los destinos en la nube cambiaron</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="185"/>
        <source>The cloud targets of this station changed. Blessing is stopped until you acknowledge.</source>
        <translation>Los destinos en la nube de esta estación cambiaron. La bendición se detiene hasta que confirme.</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="195"/>
        <source>Fixture group: %1
DUTs land in: %2
Blessed units go to: %3</source>
        <translation>Grupo del fixture: %1
Las DUT llegan a: %2
Las unidades bendecidas van a: %3</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="201"/>
        <location filename="../operator_dialogs.py" line="213"/>
        <source>What changed: %1</source>
        <translation>Qué cambió: %1</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="206"/>
        <source>I have checked the zone and targets — acknowledge  [F2]</source>
        <translation>He revisado la zona y los destinos — confirmar  [F2]</translation>
    </message>
</context>
<context>
    <name>ZoneBanner</name>
    <message>
        <location filename="../operator_banner.py" line="72"/>
        <source>Fixture group %1  ·  DUTs land in %2  ·  blessed units go to %3</source>
        <translation>Grupo del fixture %1  ·  las DUT llegan a %2  ·  las bendecidas van a %3</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="78"/>
        <source>Fixture group and targets not known yet</source>
        <translation>Grupo del fixture y destinos aún desconocidos</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="84"/>
        <source>TARGETS CHANGED — blessing blocked until acknowledged (F2)</source>
        <translation>DESTINOS CAMBIADOS — bendición bloqueada hasta confirmar (F2)</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="86"/>
        <source>TARGETS STALE — blessing blocked until the cloud answers</source>
        <translation>DESTINOS VENCIDOS — bendición bloqueada hasta que la nube responda</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="88"/>
        <source>The cloud did not say which zone this fixture is in</source>
        <translation>La nube no indicó en qué zona está este fixture</translation>
    </message>
</context>
<context>
    <name>DeviceLogView</name>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>Follow the slot</source>
        <translation>Seguir la posición</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>move on to the next unit scanned into this slot</source>
        <translation>pasar a la siguiente unidad escaneada en esta posición</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>or a device ID / MAC — Enter follows it</source>
        <translation>o un ID de dispositivo / MAC — Intro lo sigue</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>not following a device</source>
        <translation>no se sigue ningún dispositivo</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>Slot</source>
        <translation>Posición</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>Slot %1 — empty</source>
        <translation>Posición %1 — vacía</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>device ID not read yet</source>
        <translation>ID de dispositivo aún no leído</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>Slot %1 — %2 — %3</source>
        <translation>Posición %1 — %2 — %3</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>the unit in this slot has not told its device ID yet</source>
        <translation>la unidad de esta posición aún no ha dado su ID de dispositivo</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>following %1 …</source>
        <translation>siguiendo %1 …</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>stopped following %1</source>
        <translation>se dejó de seguir %1</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>following %1 — live</source>
        <translation>siguiendo %1 — en vivo</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="0"/>
        <source>the device log stopped: %1</source>
        <translation>el registro del dispositivo se detuvo: %1</translation>
    </message>
</context>
</TS>
