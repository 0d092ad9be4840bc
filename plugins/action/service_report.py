# -*- coding: utf-8 -*-
# Copyright: (c) 2026, cloudops.privatecloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service report on the controller (docs/service_report.md); documentation in plugins/modules/service_report.py.

Glue only: render a period's report from the run store and the site data, record a customer confirmation, or keep a
cost collection in the store.  Calls no cloud; the logic is plugin_utils/service_report/.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.service_report import ledger, period, render, run, sitedata
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store import dsn as dsns
from ansible_collections.cloudops.privatecloud.plugins.plugin_utils.store.dsn import StoreError


ARGUMENT_SPEC = {
    "action": {"type": "str", "choices": ["render", "confirm", "record_cost", "period"], "default": "render"},
    "site": {"type": "str", "required": True},
    "site_dir": {"type": "str"},
    "period": {"type": "str"},
    "output_dir": {"type": "str", "default": "reports"},
    "store_dsn": {"type": "str", "no_log": True},
    "languages": {"type": "list", "elements": "str", "default": ["zh_CN", "en"]},
    "pdf": {"type": "bool", "default": True},
    "operator": {"type": "str"},
    "version": {"type": "int"},
    "confirmed_by": {"type": "str"},
    "confirmed_at": {"type": "str"},
    "channel": {"type": "str"},
    "note": {"type": "str"},
    "host": {"type": "str"},
    "cloud": {"type": "str", "choices": ["zstack", "apsara"]},
    "cost": {"type": "dict"},
}


class ActionModule(ActionBase):
    """render | confirm | record_cost | period."""

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars or {})
        del tmp
        dummy, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        dsn = dsns.resolve(args["store_dsn"], args["output_dir"])
        try:
            result.update(getattr(self, "_" + args["action"])(args, dsn))
        except (sitedata.SiteDataError, period.PeriodError, ledger.LedgerError, render.RenderError, StoreError) as err:
            result.update(failed=True, msg=dsns.scrub(str(err), dsn))
        return result

    def _need(self, args, *names):
        missing = [n for n in names if not args.get(n)]
        if missing:
            raise sitedata.SiteDataError("action %s needs %s" % (args["action"], ", ".join(missing)))

    def _period(self, args, dsn):  # pylint: disable=unused-argument
        self._need(args, "site_dir", "period")
        data = sitedata.load_site(args["site_dir"])
        return {"changed": False, "period": period.resolve(args["period"], data["plan"]["timezone"]),
                "zstack_billing": bool((data["plan"].get("cost") or {}).get("zstack_billing"))}

    def _render(self, args, dsn):
        self._need(args, "site_dir")
        if not args["period"]:          # the tier's cadence: 7x24 a weekly report, 5x8 a monthly one
            args["period"] = "last_week" if sitedata.load_plan(args["site_dir"])["tier"] == "7x24" else "last_month"
        for lang in args["languages"]:
            if lang not in ("zh_CN", "en"):
                raise sitedata.SiteDataError("languages: %r is not zh_CN or en" % lang)
        if self._task.check_mode:
            data = sitedata.load_site(args["site_dir"])
            label = period.resolve(args["period"], data["plan"]["timezone"])["label"]
            return {"changed": True, "msg": "check mode: the site data of %s is valid; would render period %s (nothing "
                                            "written)" % (args["site"], label)}
        out = run.generate(dsn, args["site"], args["site_dir"], args["period"], args["output_dir"],
                           languages=tuple(args["languages"]), pdf=args["pdf"], operator=args["operator"])
        return {"changed": True, "version": out["version"], "period": out["period"], "dir": out["dir"],
                "files": out["files"], "summary": out["summary"]}

    def _confirm(self, args, dsn):
        self._need(args, "period", "confirmed_by")
        changed, row = run.confirm(dsn, args["site"], args["period"], args["confirmed_by"], args["version"],
                                   args["confirmed_at"], args["channel"], args["note"], args["operator"],
                                   out_root=args["output_dir"], check_mode=bool(self._task.check_mode))
        return {"changed": changed, "confirmation": row,
                "diff": {"before": "", "after": "%s %s v%s confirmed by %s\n" % (
                    args["site"], args["period"], row["version"], row["confirmed_by"])} if changed else {}}

    def _record_cost(self, args, dsn):
        self._need(args, "host", "cloud", "cost")
        cost = args["cost"]
        if not cost.get("since") or not cost.get("until"):
            raise sitedata.SiteDataError("cost: the collection has no since/until (a zstack_spending_info result)")
        if self._task.check_mode:
            return {"changed": False}
        since, until = (_utc(cost["since"]), _utc(cost["until"]))
        run.put_cost(dsn, args["site"], args["host"], args["cloud"], cost, since, until)
        return {"changed": True, "since": since, "until": until, "total": cost.get("total")}


def _utc(text):
    import datetime  # pylint: disable=import-outside-toplevel

    moment = datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
