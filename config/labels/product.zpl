^XA
^FX Product label, 4 x 2 in (812 x 406 dots at 203 dpi): serial as text and Code 128, QR for the app.
^FX dpi=203
^FX sample serial=SN-ABC123456
^FX sample device_id=0c2a690000000001
^FX sample mac=0c2a69000001
^FX sample qr=SN=SN-ABC123456;ID=0c2a690000000001;MAC=0c2a69000001
^CI28
^PW812
^LL406
^LH0,0
^FO20,20^GB772,366,3^FS
^FO40,40^A0N,36,36^FDS/N {{serial}}^FS
^FO45,90^BY2^BCN,80,Y,N,N,A^FD{{serial}}^FS
^FO40,230^A0N,26,26^FDDevice {{device_id}}^FS
^FO40,270^A0N,26,26^FDMAC {{mac}}^FS
^FO560,150^BQN,2,5^FDQA,{{qr}}^FS
^FX The longest values this layout holds (checked at load with the widest characters, quiet zones included):
^FX field serial max=16 ascii
^FX field device_id max=16 hex
^FX field mac max=17 ascii
^FX field qr max=72 ascii
^XZ
