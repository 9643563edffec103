^XA
^FX Small serial label, 2 x 1 in (406 x 203 dots at 203 dpi): Code 128 of the serial only.
^FX dpi=203
^FX sample serial=SN-ABC123456
^CI28
^PW406
^LL203
^FO20,20^BY2^BCN,100,Y,N,N,A^FD{{serial}}^FS
^FX The longest values this layout holds (checked at load with the widest characters, quiet zones included):
^FX field serial max=13 ascii
^XZ
