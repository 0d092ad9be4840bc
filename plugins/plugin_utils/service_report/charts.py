# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Inline SVG charts as plain data for the template (coordinates and labels): the template writes the elements,
so every label goes through Jinja's autoescape and nothing here builds markup."""

from __future__ import annotations

W, H, PAD = 640, 200, 36


def line(points, low=0, high=100):
    """Health score per day: [{day, score}] -> {points "x,y ...", dots, labels, axis}."""
    values = [p for p in points if p.get("score") is not None]
    if not values:
        return None
    n = len(values)
    step = (W - 2 * PAD) / max(n - 1, 1)
    dots = []
    for i, p in enumerate(values):
        x = PAD + i * step
        y = H - PAD - (float(p["score"]) - low) / float(high - low) * (H - 2 * PAD)
        dots.append({"x": round(x, 1), "y": round(y, 1), "label": p["day"][5:], "value": round(float(p["score"]), 1),
                     "show": i == 0 or i == n - 1 or i % max(1, n // 8) == 0})
    grid = [{"y": round(H - PAD - v / 100.0 * (H - 2 * PAD), 1), "label": v} for v in (0, 50, 80, 100)]
    return {"w": W, "h": H, "pad": PAD, "polyline": " ".join("%s,%s" % (d["x"], d["y"]) for d in dots), "dots": dots,
            "grid": grid}


def bars(rows, label_key, value_key, limit=12):
    """Capacity by pool: horizontal bars 0-100 %, threshold lines at 80 and 90."""
    rows = rows[:limit]
    if not rows:
        return None
    bar_h, left = 18, 250
    width = W - left - 64             # room for the "100.0 %" label right of a full bar
    out = []
    for i, r in enumerate(rows):
        pct = max(0.0, min(100.0, float(r[value_key] or 0)))
        out.append({"y": 10 + i * (bar_h + 6), "w": round(pct / 100.0 * width, 1), "label": r[label_key],
                    "value": round(pct, 1), "level": "crit" if pct >= 90 else "warn" if pct >= 80 else "ok"})
    height = 20 + len(rows) * (bar_h + 6)
    return {"w": W, "h": height, "left": left, "bar_h": bar_h, "rows": out,
            "t80": round(left + 0.8 * width, 1), "t90": round(left + 0.9 * width, 1)}


def pairs(rows):
    """Findings opened/closed per day: two bars per day."""
    if not rows:
        return None
    top = max([1] + [max(r["opened"], r["closed"]) for r in rows])
    n = len(rows)
    slot = (W - 2 * PAD) / float(n)
    width = max(2.0, slot / 2.5)
    out = []
    for i, r in enumerate(rows):
        x = PAD + i * slot
        ho = r["opened"] / float(top) * (H - 2 * PAD)
        hc = r["closed"] / float(top) * (H - 2 * PAD)
        out.append({"x": round(x, 1), "xc": round(x + width, 1), "bar": round(width, 1),
                    "yo": round(H - PAD - ho, 1), "ho": round(ho, 1), "yc": round(H - PAD - hc, 1), "hc": round(hc, 1),
                    "label": r["day"][5:], "opened": r["opened"], "closed": r["closed"],
                    "show": i == 0 or i == n - 1 or i % max(1, n // 8) == 0})
    return {"w": W, "h": H, "pad": PAD, "rows": out, "top": top}
