"""Configurations in the devices' `display current-configuration` shape (reference 2.3), one per kind."""

CE = """!Software Version V300R020C00SPC200
!Last configuration was updated at 2026-12-01 08:00:00+00:00 by netops
#
sysname DSW-CE-01
#
vlan batch 10 20 30 100 110
#
vlan 10
 name mgmt
#
aaa
 local-user netops password irreversible-cipher $1c$LabHashNotASecret$
 local-user netops level 3
#
snmp-agent community read cipher %^%#LabCommunityCipher%^%#
#
interface 10GE1/0/1
 description to-CSW-S-01
 port link-type trunk
 port trunk allow-pass vlan 10 20 30
#
interface 10GE1/0/3
 description server-db-01
 port default vlan 20
#
interface 10GE1/0/5
#
interface Vlanif10
 ip address 192.0.2.61 255.255.255.0
#
interface MEth0/0/0
 ip address 192.0.2.11 255.255.255.0
#
ip route-static 0.0.0.0 0.0.0.0 192.0.2.1
#
return"""

VRP5 = """!Software Version V200R021C00SPC100
#
sysname CSW-S-01
#
vlan batch 10 20 30
#
interface GigabitEthernet0/0/1
 description server-web-01
 port link-type access
 port default vlan 10
#
interface GigabitEthernet0/0/3
#
interface XGigabitEthernet0/0/1
 description uplink-DSW-CE-01
 port link-type trunk
 port trunk allow-pass vlan 10 20 30
#
interface MEth0/0/1
 ip address 192.0.2.21 255.255.255.0
#
return"""

COMWARE = """#
 version 7.1.070, Release 6635P07
#
 sysname CSW-H3C-01
#
vlan 1
#
vlan 10
 name mgmt
#
vlan 20
#
vlan 21
#
vlan 22
#
vlan 30
#
interface Ten-GigabitEthernet1/0/1
 description server-cache-01
 port access vlan 20
#
interface Ten-GigabitEthernet1/0/2
#
interface FortyGigE1/0/49
 description uplink-DSW-CE-01
 port link-type trunk
 port trunk permit vlan 10 20 to 22 30
#
interface M-GigabitEthernet0/0/0
 ip address 192.0.2.31 255.255.255.0
#
 ip route-static 10.8.0.0 16 192.0.2.1
#
 ntp-service enable
 ntp-service unicast-server 192.0.2.123
#
return"""
