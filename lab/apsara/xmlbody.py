"""XML bodies of the POP gateway: what ``Format=XML`` (and an absent Format) answers.

apsara-api.md 1.2: ``Format`` is ``JSON`` or ``XML`` and **the default is XML**; aliyunsdkcore sends ``JSON``,
Tea sends ``json``. 1.5: the JSON lists are wrapped because they come from XML (``{"Instances": {"Instance":
[...]}}``), so in XML every list item is one repeated element inside its wrapper element:
``<Instances><Instance>..</Instance><Instance>..</Instance></Instances>``. The reference does not print an
XML success body; the root element ``<ActionResponse>`` and the error shape below are the gateway's public
XML form (``<?xml version='1.0' encoding='UTF-8'?><Error><RequestId/><HostId/><Code/><Message/>
<Recommend><![CDATA[..]]></Recommend></Error>``), which is what the issue's replayed answers carry.
"""
from __future__ import annotations

import json
from xml.sax.saxutils import escape

from .wire import Fragments

PROLOG = "<?xml version='1.0' encoding='UTF-8'?>"
CONTENT_TYPE = "text/xml;charset=utf-8"
# error fields in the order a real gateway writes them; Recommend (a URL with '&') goes in CDATA
_ERROR_ORDER = ("RequestId", "HostId", "Code", "Message", "Recommend")


def wants_xml(params: dict) -> bool:
    """JSON only when asked for (any case: Tea sends ``json``); absent or anything else is the XML default."""
    return str(params.get("Format") or "XML").upper() != "JSON"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def _element(name: str, value, out: list):
    if isinstance(value, Fragments):          # items already encoded as JSON by the render cache
        value = [json.loads(frag) for frag in value]
    if isinstance(value, list):               # a list is its items, each one <name> element
        for item in value:
            _element(name, item, out)
        return
    out.append(f"<{name}>")
    if isinstance(value, dict):
        for key, sub in value.items():
            _element(key, sub, out)
    else:
        out.append(_text(value))
    out.append(f"</{name}>")


def _cdata(value) -> str:
    # "]]>" cannot sit inside one CDATA section: split it over two
    return "<![CDATA[" + str(value or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def success(action: str, body: dict) -> bytes:
    out: list = [PROLOG]
    _element(f"{action}Response", body, out)
    return "".join(out).encode("utf-8")


def error(body: dict) -> bytes:
    """``body``: the JSON error dict ({RequestId, HostId, Code, Message, Recommend} + any envelope fields)."""
    out = [PROLOG, "<Error>"]
    for key in _ERROR_ORDER:
        if key == "Recommend" and key in body:
            out.append(f"<Recommend>{_cdata(body[key])}</Recommend>")
        elif key in body:
            _element(key, body[key], out)
    for key, value in body.items():
        if key not in _ERROR_ORDER:
            _element(key, value, out)
    out.append("</Error>")
    return "".join(out).encode("utf-8")
