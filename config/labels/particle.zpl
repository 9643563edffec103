^XA
^FX Particle product label, 4 x 2 in (812 x 406 dots at 203 dpi): the Particle serial number as text and
^FX Code 128, the device ID, and a QR holding "<serial> <device ID>" (no mobile secret on an outer label).
^FX dpi=203
^FX sample serial=P046AF0000012345
^FX sample device_id=e00fce68a1b2c3d4e5f60718
^FX sample qr=P046AF0000012345 e00fce68a1b2c3d4e5f60718
^CI28
^PW812
^LL406
^LH0,0
^FO20,20^GB772,366,3^FS
^FO40,40^A0N,36,36^FDS/N {{serial}}^FS
^FO45,90^BY2^BCN,80,Y,N,N,A^FD{{serial}}^FS
^FO40,230^A0N,26,26^FDDevice ID^FS
^FO40,262^A0N,26,26^FD{{device_id}}^FS
^FO560,150^BQN,2,5^FDQA,{{qr}}^FS
^FX The longest values this layout holds (checked at load with the widest characters, quiet zones included):
^FX field serial max=16 ascii
^FX field device_id max=24 hex
^FX field qr max=41 ascii
^XZ
