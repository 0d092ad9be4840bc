# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switch configuration, pure: parse `display current-configuration`, plan a declarative change into the
lines to send and the lines that undo it, guards, secret masking.  No I/O: switch_config does the talking."""
