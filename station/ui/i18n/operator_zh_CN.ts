<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="152"/>
        <source>Yes  [Y]</source>
        <translation>是  [Y]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="153"/>
        <source>No  [N / Esc]</source>
        <translation>否  [N / Esc]</translation>
    </message>
</context>
<context>
    <name>DeviceLogView</name>
    <message>
        <location filename="../device_log_view.py" line="60"/>
        <source>Follow the slot</source>
        <translation>跟随该工位</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="62"/>
        <source>move on to the next unit scanned into this slot</source>
        <translation>扫描到该工位的下一个产品时自动切换</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="64"/>
        <source>or a device ID / MAC — Enter follows it</source>
        <translation>或输入设备 ID / MAC — 回车开始跟随</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="66"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="68"/>
        <source>not following a device</source>
        <translation>未跟随任何设备</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="76"/>
        <source>Slot</source>
        <translation>工位</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="94"/>
        <source>The live device log is impCentral&apos;s log stream; this line builds for %1: look the unit up in that cloud&apos;s console</source>
        <translation>实时设备日志来自 impCentral 的日志流；本产线为 %1 生产：请在该云的控制台中查找该设备</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="108"/>
        <source>Slot %1 — empty</source>
        <translation>工位 %1 — 空</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="110"/>
        <source>device ID not read yet</source>
        <translation>尚未读取设备 ID</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="111"/>
        <source>Slot %1 — %2 — %3</source>
        <translation>工位 %1 — %2 — %3</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="129"/>
        <source>the unit in this slot has not told its device ID yet</source>
        <translation>该工位的产品尚未报告其设备 ID</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="150"/>
        <source>following %1 …</source>
        <translation>正在跟随 %1 …</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="169"/>
        <source>stopped following %1</source>
        <translation>已停止跟随 %1</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="176"/>
        <source>following %1 — live</source>
        <translation>正在跟随 %1 — 实时</translation>
    </message>
    <message>
        <location filename="../device_log_view.py" line="183"/>
        <source>the device log stopped: %1</source>
        <translation>设备日志已停止：%1</translation>
    </message>
</context>
<context>
    <name>DeviceStrip</name>
    <message>
        <location filename="../operator_banner.py" line="131"/>
        <source>Cloud</source>
        <translation>云端</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="131"/>
        <source>Fixture</source>
        <translation>治具</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="132"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="132"/>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="156"/>
        <source>not reported yet</source>
        <translation>尚未报告</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="158"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="161"/>
        <source>retrying: %1</source>
        <translation>重试中：%1</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="164"/>
        <source>down: %1</source>
        <translation>已中断：%1</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="179"/>
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="183"/>
        <source>Nobody signed in — scan your badge</source>
        <translation>无人登录 — 请扫描工牌</translation>
    </message>
</context>
<context>
    <name>EngineerTools</name>
    <message>
        <location filename="../operator_engineer.py" line="49"/>
        <source>Engineer tools — %1</source>
        <translation>工程师工具 — %1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="55"/>
        <source>Fixture console</source>
        <translation>治具控制台</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="56"/>
        <source>Cloud targets</source>
        <translation>云端目标</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="57"/>
        <source>Reassign / unbless</source>
        <translation>重新分配 / 取消认证</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="58"/>
        <source>Reprint label</source>
        <translation>重新打印标签</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="60"/>
        <source>Device log</source>
        <translation>设备日志</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="87"/>
        <source>a protocol command, e.g. IDN or VOLT 3V3 1 — Enter sends</source>
        <translation>协议命令，例如 IDN 或 VOLT 3V3 1 — 按回车发送</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="115"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="125"/>
        <source>targets unknown</source>
        <translation>目标未知</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="127"/>
        <source>blessing allowed</source>
        <translation>允许认证</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="127"/>
        <source>blessing blocked: %1</source>
        <translation>认证被阻止：%1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="129"/>
        <source>pending change: %1</source>
        <translation>待确认的变更：%1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="131"/>
        <source>last sync error: %1</source>
        <translation>上次同步错误：%1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="142"/>
        <source>only for reassign: the production group to move it to</source>
        <translation>仅用于重新分配：目标生产组</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="144"/>
        <location filename="../operator_engineer.py" line="167"/>
        <source>why (kept in the audit trail)</source>
        <translation>原因（记录在审计日志中）</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="145"/>
        <source>Reassign to this production group</source>
        <translation>重新分配到此生产组</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="147"/>
        <source>Unbless (take it out of its production group)</source>
        <translation>取消认证（移出其生产组）</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="152"/>
        <source>Device ID</source>
        <translation>设备 ID</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="153"/>
        <source>Production group ID</source>
        <translation>生产组 ID</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="154"/>
        <location filename="../operator_engineer.py" line="174"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="157"/>
        <source>Unblessing in the Production Zone reads the key from $%1</source>
        <translation>生产区取消认证的密钥读取自 $%1</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="165"/>
        <source>run ID or label job ID (a unique prefix will do)</source>
        <translation>运行 ID 或标签任务 ID（唯一前缀即可）</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="168"/>
        <source>Reprint the label</source>
        <translation>重新打印标签</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="173"/>
        <source>Run or job</source>
        <translation>运行或任务</translation>
    </message>
    <message>
        <location filename="../operator_engineer.py" line="208"/>
        <source>sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
</context>
<context>
    <name>OperatorWindow</name>
    <message>
        <location filename="../operator_window.py" line="126"/>
        <source>Factory Station</source>
        <translation>工厂测试站</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="150"/>
        <location filename="../operator_window.py" line="266"/>
        <location filename="../operator_window.py" line="480"/>
        <location filename="../operator_window.py" line="540"/>
        <source>Scan your badge to sign in</source>
        <translation>请扫描工牌登录</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="230"/>
        <location filename="../operator_window.py" line="265"/>
        <location filename="../operator_window.py" line="437"/>
        <source>Scan a unit</source>
        <translation>请扫描产品</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="271"/>
        <source>Not accepted: %1 — %2</source>
        <translation>未接受：%1 — %2</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="292"/>
        <source>Nothing to acknowledge: the targets have not changed</source>
        <translation>无需确认：目标未变更</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="423"/>
        <source>Not taken: %1 — answer the question of slot %2 first, then scan again</source>
        <translation>未接收：%1 — 请先回答工位 %2 的问题，然后重新扫描</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="427"/>
        <source>Not accepted: %1 — typed input is not accepted here; scan the barcode</source>
        <translation>未接受：%1 — 此处不接受手动输入，请扫描条码</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="431"/>
        <source>Not accepted: %1 is a unit — scan your badge first</source>
        <translation>未接受：%1 是产品 — 请先扫描工牌</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="438"/>
        <source>Signing in %1…</source>
        <translation>正在登录 %1…</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="441"/>
        <source>Scanned %1</source>
        <translation>已扫描 %1</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="481"/>
        <source>%1 signed out</source>
        <translation>%1 已退出登录</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="491"/>
        <source>Slot %1 has nothing to abort</source>
        <translation>工位 %1 没有可中止的测试</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="493"/>
        <source>Abort slot %1</source>
        <translation>中止工位 %1</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="494"/>
        <source>Abort the test of %1 in slot %2?</source>
        <translation>中止工位 %2 中 %1 的测试？</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="504"/>
        <source>Engineer tools need an engineer&apos;s badge</source>
        <translation>工程师工具需要工程师工牌</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="268"/>
        <location filename="../operator_window.py" line="523"/>
        <source>Station ready: scan your badge</source>
        <translation>测试站就绪：请扫描工牌</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="159"/>
        <source>Enter: scan   P/F, Y/N, 1–9: answer   F2: acknowledge targets   F3: engineer tools   F4: sign out   Ctrl+N: abort slot N   Esc: clear</source>
        <translation>回车：扫描   P/F、Y/N、1–9：回答   F2：确认目标   F3：工程师工具   F4：退出登录   Ctrl+N：中止工位 N   Esc：清除</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="267"/>
        <location filename="../operator_window.py" line="524"/>
        <source>Station ready: scan a unit</source>
        <translation>测试站就绪：请扫描产品</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="529"/>
        <source>%1 → slot %2</source>
        <translation>%1 → 工位 %2</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="531"/>
        <source>That question was no longer waiting for an answer</source>
        <translation>该问题已不再等待回答</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="533"/>
        <source>Signed in: %1 — scan a unit</source>
        <translation>已登录：%1 — 请扫描产品</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="535"/>
        <source>Targets acknowledged: blessing goes on</source>
        <translation>目标已确认：继续认证</translation>
    </message>
    <message>
        <location filename="../operator_window.py" line="560"/>
        <source>Kiosk mode: an engineer signs in to close the station</source>
        <translation>展台模式：需工程师登录才能关闭测试站</translation>
    </message>
</context>
<context>
    <name>OperatorWords</name>
    <message>
        <location filename="../operator_theme.py" line="32"/>
        <source>Scan a unit</source>
        <translation>请扫描产品</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="33"/>
        <source>Unit scanned</source>
        <translation>已扫描产品</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="34"/>
        <source>Provisioning (BlinkUp)</source>
        <translation>配网中（BlinkUp）</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="35"/>
        <source>Waiting for the cloud</source>
        <translation>等待云端</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="36"/>
        <source>Testing</source>
        <translation>测试中</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="37"/>
        <source>Blessing</source>
        <translation>认证中</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="38"/>
        <source>On hold</source>
        <translation>暂停等待</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="39"/>
        <source>Printing label</source>
        <translation>打印标签中</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="40"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="45"/>
        <source>PASS</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="46"/>
        <source>FAIL</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="47"/>
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="48"/>
        <source>ABORTED</source>
        <translation>已中止</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="53"/>
        <source>Blessed</source>
        <translation>已认证</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="54"/>
        <source>In the product, firmware locked</source>
        <translation>已入产品，固件已锁定</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="55"/>
        <source>Registered with its activation code</source>
        <translation>已用激活码注册</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="58"/>
        <source>Blessed and labelled: put the unit in the good tray</source>
        <translation>已认证并贴标：请放入良品托盘</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="59"/>
        <source>In the product and labelled: put the unit in the good tray</source>
        <translation>已入产品并贴标：请放入良品托盘</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="60"/>
        <source>Registered and labelled: put the unit in the good tray</source>
        <translation>已注册并贴标：请放入良品托盘</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="63"/>
        <source>The unit failed: put it in the red reject bin</source>
        <translation>产品不合格：请放入红色不良品箱</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="64"/>
        <source>Station problem — not the unit: call the line engineer</source>
        <translation>测试站问题 — 不是产品问题：请呼叫产线工程师</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="65"/>
        <source>Aborted: test the unit again</source>
        <translation>已中止：请重新测试该产品</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="96"/>
        <source>TEST ZONE</source>
        <translation>测试区</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="98"/>
        <source>PRODUCTION ZONE</source>
        <translation>生产区</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="99"/>
        <source>TARGETS UNKNOWN — blessing blocked</source>
        <translation>目标未知 — 认证被阻止</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="111"/>
        <source>never synced</source>
        <translation>从未同步</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="113"/>
        <source>synced %1 s ago</source>
        <translation>%1 秒前已同步</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="115"/>
        <source>synced %1 min ago</source>
        <translation>%1 分钟前已同步</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="116"/>
        <source>synced %1 h ago</source>
        <translation>%1 小时前已同步</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="121"/>
        <source>format OK</source>
        <translation>格式正确</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="122"/>
        <source>format wrong</source>
        <translation>格式错误</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="123"/>
        <source>recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="135"/>
        <location filename="../operator_theme.py" line="136"/>
        <source>The fixture did not answer</source>
        <translation>治具无响应</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="137"/>
        <source>The camera did not work</source>
        <translation>相机无法工作</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="138"/>
        <source>A test instrument did not work</source>
        <translation>测试仪器无法工作</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="139"/>
        <source>The cloud could not be reached</source>
        <translation>无法连接云端</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="140"/>
        <source>The screen could not provision the unit</source>
        <translation>屏幕无法为产品配网</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="141"/>
        <source>The cloud never saw the unit come online</source>
        <translation>云端始终未看到产品上线</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="142"/>
        <source>The cloud saw a different unit</source>
        <translation>云端看到的是另一台产品</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="143"/>
        <source>Two units may have been swapped between slots</source>
        <translation>两台产品可能在工位之间调换了</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="144"/>
        <source>The cloud did not bless the unit</source>
        <translation>云端未认证该产品</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="145"/>
        <source>The station could not record the test</source>
        <translation>测试站无法记录该测试</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="146"/>
        <source>The station software failed</source>
        <translation>测试站软件故障</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="147"/>
        <source>The test was stopped</source>
        <translation>测试已停止</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="149"/>
        <source>%1 too low: %2 (needs %3)</source>
        <translation>%1 过低：%2（要求 %3）</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="150"/>
        <source>%1 too high: %2 (needs %3)</source>
        <translation>%1 过高：%2（要求 %3）</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="151"/>
        <source>%1 wrong: %2 (needs %3)</source>
        <translation>%1 不正确：%2（要求 %3）</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="152"/>
        <source>%1 was not measured</source>
        <translation>%1 未测量</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="153"/>
        <source>The unit failed the step %1</source>
        <translation>产品未通过步骤 %1</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="154"/>
        <source>The unit did not answer on its console</source>
        <translation>产品控制台无响应</translation>
    </message>
    <message>
        <location filename="../operator_theme.py" line="155"/>
        <source>The station had a problem</source>
        <translation>测试站出现问题</translation>
    </message>
</context>
<context>
    <name>PromptBox</name>
    <message>
        <location filename="../operator_prompt.py" line="86"/>
        <source>Waiting: answer slot %1 first</source>
        <translation>等待中：请先回答工位 %1</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="92"/>
        <source>Slot %1 asks</source>
        <translation>工位 %1 提问</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="105"/>
        <source>Press P = PASS   ·   F = FAIL</source>
        <translation>按 P = 合格   ·   F = 不合格</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="107"/>
        <source>Press Y = yes   ·   N = no</source>
        <translation>按 Y = 是   ·   N = 否</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="110"/>
        <source>Press the number: %1</source>
        <translation>请按数字：%1</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="112"/>
        <source>Answer in the window on the screen</source>
        <translation>请在屏幕上的窗口中回答</translation>
    </message>
    <message>
        <location filename="../operator_prompt.py" line="113"/>
        <source>Type or scan the answer, then Enter</source>
        <translation>输入或扫描答案，然后按回车</translation>
    </message>
</context>
<context>
    <name>ShiftStrip</name>
    <message>
        <location filename="../operator_shift.py" line="47"/>
        <source>Shift: %1 tested · %2 PASS · %3 FAIL · %4 ERROR · first pass %5</source>
        <translation>本班：已测 %1 · 合格 %2 · 不合格 %3 · 错误 %4 · 一次通过率 %5</translation>
    </message>
    <message>
        <location filename="../operator_shift.py" line="53"/>
        <source>Last:</source>
        <translation>最近：</translation>
    </message>
    <message>
        <location filename="../operator_shift.py" line="60"/>
        <location filename="../operator_shift.py" line="67"/>
        <source>Script %1 %2 · limits %3</source>
        <translation>脚本 %1 %2 · 限值 %3</translation>
    </message>
</context>
<context>
    <name>SlotPanel</name>
    <message>
        <location filename="../operator_slot.py" line="70"/>
        <source>Slot %1</source>
        <translation>工位 %1</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Measurement</source>
        <translation>测量项</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="104"/>
        <source>Limits</source>
        <translation>限值</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="214"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="175"/>
        <source>Label not printed yet (%1): it stays in the print queue</source>
        <translation>标签尚未打印（%1）：保留在打印队列中</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="183"/>
        <source>ON HOLD</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="205"/>
        <source>label printed</source>
        <translation>标签已打印</translation>
    </message>
    <message>
        <location filename="../operator_slot.py" line="230"/>
        <source>marginal: close to a limit</source>
        <translation>临界：接近限值</translation>
    </message>
</context>
<context>
    <name>TargetsAckDialog</name>
    <message>
        <location filename="../operator_dialogs.py" line="58"/>
        <source>Cloud targets changed</source>
        <translation>云端目标已变更</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="62"/>
        <source>The cloud targets of this station changed. Blessing is stopped until you acknowledge.</source>
        <translation>本测试站的云端目标已变更。确认之前停止认证。</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="72"/>
        <source>Fixture group: %1
DUTs land in: %2
Blessed units go to: %3</source>
        <translation>治具组：%1
待测产品进入：%2
已认证产品进入：%3</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="78"/>
        <location filename="../operator_dialogs.py" line="126"/>
        <source>What changed: %1</source>
        <translation>变更内容：%1</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="86"/>
        <source>Production Zone: an engineer scans their badge here</source>
        <translation>生产区：请工程师在此扫描工牌</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="95"/>
        <source>I have checked the zone and targets — acknowledge  [F2]</source>
        <translation>我已核对区域和目标 — 确认  [F2]</translation>
    </message>
    <message>
        <location filename="../operator_dialogs.py" line="110"/>
        <source>A Production Zone change needs an engineer: scan an engineer&apos;s badge</source>
        <translation>生产区变更需要工程师：请扫描工程师工牌</translation>
    </message>
</context>
<context>
    <name>ZoneBanner</name>
    <message>
        <location filename="../operator_banner.py" line="81"/>
        <source>%1  ·  passing units go to %2</source>
        <translation>%1  ·  合格产品进入 %2</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="87"/>
        <source>Fixture group %1  ·  DUTs land in %2  ·  blessed units go to %3</source>
        <translation>治具组 %1  ·  待测产品进入 %2  ·  已认证产品进入 %3</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="93"/>
        <source>Fixture group and targets not known yet</source>
        <translation>治具组和目标尚未知</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="99"/>
        <source>TARGETS CHANGED — blessing blocked until acknowledged (F2)</source>
        <translation>目标已变更 — 确认前认证被阻止（F2）</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="101"/>
        <source>TARGETS STALE — blessing blocked until the cloud answers</source>
        <translation>目标已过期 — 云端响应前认证被阻止</translation>
    </message>
    <message>
        <location filename="../operator_banner.py" line="103"/>
        <source>The cloud did not say which zone this fixture is in</source>
        <translation>云端未告知此治具所在区域</translation>
    </message>
</context>
</TS>
