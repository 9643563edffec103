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
^FO12,10^A0N,26,26^FD{{product}}^FS
^FO12,40^BY2^BCN,60,Y,N,N,A^FD{{serial}}^FS
^FO12,135^A0N,20,20^FDID {{device_id}}^FS
^FO12,160^A0N,20,20^FDMAC {{mac}}^FS
^FO300,100^BQN,2,3^FDQA,{{qr}}^FS
^XZ
