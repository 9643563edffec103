<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="152"/>
        <source>Yes  [Y]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="153"/>
        <source>No  [N / Esc]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeviceLogView</name>
    <message>
        <location filename="../device_log_view.py" line="60"/>
        <source>Follow the slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="62"/>
        <source>move on to the next unit scanned into this slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="64"/>
        <source>or a device ID / MAC — Enter follows it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="66"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="68"/>
        <source>not following a device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="76"/>
        <source>Slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="94"/>
        <source>The live device log is impCentral&apos;s log stream; this line builds for %1: look the unit up in that cloud&apos;s console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="108"/>
        <source>Slot %1 — empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="110"/>
        <source>device ID not read yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="111"/>
        <source>Slot %1 — %2 — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="129"/>
        <source>the unit in this slot has not told its device ID yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="150"/>
        <source>following %1 …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="169"/>
        <source>stopped following %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="176"/>
        <source>following %1 — live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="183"/>
        <source>the device log stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeviceStrip</name>
    <message>
        <location filename="../operator_banner.py" line="131"/>
        <source>Cloud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="131"/>
        <source>Fixture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="132"/>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="132"/>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="156"/>
        <source>not reported yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="158"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="161"/>
        <source>retrying: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="164"/>
        <source>down: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="179"/>
        <source>Operator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="183"/>
        <source>Nobody signed in — scan your badge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EngineerTools</name>
    <message>
        <location filename="../operator_engineer.py" line="49"/>
        <source>Engineer tools — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="55"/>
        <source>Fixture console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="56"/>
        <source>Cloud targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="57"/>
        <source>Reassign / unbless</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="58"/>
        <source>Reprint label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="60"/>
        <source>Device log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="87"/>
        <source>a protocol command, e.g. IDN or VOLT 3V3 1 — Enter sends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="115"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="125"/>
        <source>targets unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="127"/>
        <source>blessing allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="127"/>
        <source>blessing blocked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="129"/>
        <source>pending change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="131"/>
        <source>last sync error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="142"/>
        <source>only for reassign: the production group to move it to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="144"/>
        <location filename="../operator_engineer.py" line="167"/>
        <source>why (kept in the audit trail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="145"/>
        <source>Reassign to this production group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="147"/>
        <source>Unbless (take it out of its production group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="152"/>
        <source>Device ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="153"/>
        <source>Production group ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="154"/>
        <location filename="../operator_engineer.py" line="174"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="157"/>
        <source>Unblessing in the Production Zone reads the key from $%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="165"/>
        <source>run ID or label job ID (a unique prefix will do)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="168"/>
        <source>Reprint the label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="173"/>
        <source>Run or job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="208"/>
        <source>sync failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OperatorWindow</name>
    <message>
        <location filename="../operator_window.py" line="126"/>
        <source>Factory Station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="150"/>
        <location filename="../operator_window.py" line="266"/>
        <location filename="../operator_window.py" line="480"/>
        <location filename="../operator_window.py" line="540"/>
        <source>Scan your badge to sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="230"/>
        <location filename="../operator_window.py" line="265"/>
        <location filename="../operator_window.py" line="437"/>
        <source>Scan a unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="271"/>
        <source>Not accepted: %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="292"/>
        <source>Nothing to acknowledge: the targets have not changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="423"/>
        <source>Not taken: %1 — answer the question of slot %2 first, then scan again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="427"/>
        <source>Not accepted: %1 — typed input is not accepted here; scan the barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="431"/>
        <source>Not accepted: %1 is a unit — scan your badge first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="438"/>
        <source>Signing in %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="441"/>
        <source>Scanned %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="481"/>
        <source>%1 signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="491"/>
        <source>Slot %1 has nothing to abort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="493"/>
        <source>Abort slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="494"/>
        <source>Abort the test of %1 in slot %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="504"/>
        <source>Engineer tools need an engineer&apos;s badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="268"/>
        <location filename="../operator_window.py" line="523"/>
        <source>Station ready: scan your badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="159"/>
        <source>Enter: scan   P/F, Y/N, 1–9: answer   F2: acknowledge targets   F3: engineer tools   F4: sign out   Ctrl+N: abort slot N   Esc: clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="267"/>
        <location filename="../operator_window.py" line="524"/>
        <source>Station ready: scan a unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="529"/>
        <source>%1 → slot %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="531"/>
        <source>That question was no longer waiting for an answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="533"/>
        <source>Signed in: %1 — scan a unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="535"/>
        <source>Targets acknowledged: blessing goes on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="560"/>
        <source>Kiosk mode: an engineer signs in to close the station</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OperatorWords</name>
    <message>
        <location filename="../operator_theme.py" line="32"/>
        <source>Scan a unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="33"/>
        <source>Unit scanned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="34"/>
        <source>Provisioning (BlinkUp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="35"/>
        <source>Waiting for the cloud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="36"/>
        <source>Testing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="37"/>
        <source>Blessing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="38"/>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="39"/>
        <source>Printing label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="40"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="45"/>
        <source>PASS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="46"/>
        <source>FAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="47"/>
        <source>ERROR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="48"/>
        <source>ABORTED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="53"/>
        <source>Blessed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="54"/>
        <source>In the product, firmware locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="55"/>
        <source>Registered with its activation code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="58"/>
        <source>Blessed and labelled: put the unit in the good tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="59"/>
        <source>In the product and labelled: put the unit in the good tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="60"/>
        <source>Registered and labelled: put the unit in the good tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="63"/>
        <source>The unit failed: put it in the red reject bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="64"/>
        <source>Station problem — not the unit: call the line engineer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="65"/>
        <source>Aborted: test the unit again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="96"/>
        <source>TEST ZONE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="98"/>
        <source>PRODUCTION ZONE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="99"/>
        <source>TARGETS UNKNOWN — blessing blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="111"/>
        <source>never synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="113"/>
        <source>synced %1 s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="115"/>
        <source>synced %1 min ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="116"/>
        <source>synced %1 h ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="121"/>
        <source>format OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="122"/>
        <source>format wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="123"/>
        <source>recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="135"/>
        <location filename="../operator_theme.py" line="136"/>
        <source>The fixture did not answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="137"/>
        <source>The camera did not work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="138"/>
        <source>A test instrument did not work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="139"/>
        <source>The cloud could not be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="140"/>
        <source>The screen could not provision the unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="141"/>
        <source>The cloud never saw the unit come online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="142"/>
        <source>The cloud saw a different unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="143"/>
        <source>Two units may have been swapped between slots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="144"/>
        <source>The cloud did not bless the unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="145"/>
        <source>The station could not record the test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="146"/>
        <source>The station software failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="147"/>
        <source>The test was stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="149"/>
        <source>%1 too low: %2 (needs %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="150"/>
        <source>%1 too high: %2 (needs %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="151"/>
        <source>%1 wrong: %2 (needs %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="152"/>
        <source>%1 was not measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="153"/>
        <source>The unit failed the step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="154"/>
        <source>The unit did not answer on its console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="155"/>
        <source>The station had a problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PromptBox</name>
    <message>
        <location filename="../operator_prompt.py" line="86"/>
        <source>Waiting: answer slot %1 first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="92"/>
        <source>Slot %1 asks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="105"/>
        <source>Press P = PASS   ·   F = FAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="107"/>
        <source>Press Y = yes   ·   N = no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="110"/>
        <source>Press the number: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="112"/>
        <source>Answer in the window on the screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="113"/>
        <source>Type or scan the answer, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftStrip</name>
    <message>
        <location filename="../operator_shift.py" line="47"/>
        <source>Shift: %1 tested · %2 PASS · %3 FAIL · %4 ERROR · first pass %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_shift.py" line="53"/>
        <source>Last:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_shift.py" line="60"/>
        <location filename="../operator_shift.py" line="67"/>
        <source>Script %1 %2 · limits %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlotPanel</name>
    <message>
        <location filename="../operator_slot.py" line="70"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="214"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="175"/>
        <source>Label not printed yet (%1): it stays in the print queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="183"/>
        <source>ON HOLD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="205"/>
        <source>label printed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="230"/>
        <source>marginal: close to a limit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TargetsAckDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="58"/>
        <source>Cloud targets changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="62"/>
        <source>The cloud targets of this station changed. Blessing is stopped until you acknowledge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="72"/>
        <source>Fixture group: %1
DUTs land in: %2
Blessed units go to: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="78"/>
        <location filename="../operator_dialogs.py" line="126"/>
        <source>What changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="86"/>
        <source>Production Zone: an engineer scans their badge here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="95"/>
        <source>I have checked the zone and targets — acknowledge  [F2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="110"/>
        <source>A Production Zone change needs an engineer: scan an engineer&apos;s badge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ZoneBanner</name>
    <message>
        <location filename="../operator_banner.py" line="81"/>
        <source>%1  ·  passing units go to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="87"/>
        <source>Fixture group %1  ·  DUTs land in %2  ·  blessed units go to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="93"/>
        <source>Fixture group and targets not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="99"/>
        <source>TARGETS CHANGED — blessing blocked until acknowledged (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="101"/>
        <source>TARGETS STALE — blessing blocked until the cloud answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="103"/>
        <source>The cloud did not say which zone this fixture is in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
