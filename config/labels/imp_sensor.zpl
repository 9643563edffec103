^XA
^FX imp sensor product label, 2.25 x 1.25 in (457 x 254 dots at 203 dpi), the Test and Production Zone configs.
^FX dpi=203
^FX sample product=imp-sensor
^FX sample serial=SN0012345678
^FX sample device_id=0c2a690000000001
^FX sample mac=0c2a69000001
^FX sample qr=SERIAL=SN0012345678;DEVICE_ID=0c2a690000000001;MAC=0c2a69000001
^CI28
^PW457
^LL254
^FO20,8^A0N,24,24^FD{{product}}^FS
^FO20,36^BY2^BCN,50,Y,N,N,A^FD{{serial}}^FS
^FO20,150^A0N,20,20^FDID {{device_id}}^FS
^FO20,178^A0N,20,20^FDMAC {{mac}}^FS
^FO322,119^BQN,2,3^FDQA,{{qr}}^FS
^FX The longest values this layout holds (checked at load with the widest characters, quiet zones included):
^FX field product max=16 ascii
^FX field serial max=15 ascii
^FX field device_id max=16 hex
^FX field mac max=12 hex
^FX field qr max=66 ascii
^XZ
