^XA
^FX Libelium unit / box label, 4 x 2 in (812 x 406 dots at 203 dpi): serial ID and Single Activation Code
^FX as text, the serial ID as Code 128, and a QR holding both (SERIAL=<serial ID>;CODE=<activation code>).
^FX dpi=203
^FX sample device_id=0123456789ABCDEF
^FX sample activation_code=7KQ2-M9XD-R4TB-WH3E
^FX sample qr=SERIAL=0123456789ABCDEF;CODE=7KQ2-M9XD-R4TB-WH3E
^CI28
^PW812
^LL406
^LH0,0
^FO20,20^GB772,366,3^FS
^FO40,40^A0N,30,30^FDSerial ID {{device_id}}^FS
^FO45,85^BY2^BCN,70,N,N,N,A^FD{{device_id}}^FS
^FO40,185^A0N,24,24^FDActivation code^FS
^FO40,215^A0N,28,28^FD{{activation_code}}^FS
^FO40,300^A0N,20,20^FDAdd it in Services Cloud Manager: Devices > Add Device^FS
^FO580,120^BQN,2,5^FDQA,{{qr}}^FS
^FX The longest values this layout holds (checked at load with the widest characters, quiet zones included):
^FX field device_id max=16 hex
^FX field activation_code max=19 ascii
^FX field qr max=48 ascii
^XZ
