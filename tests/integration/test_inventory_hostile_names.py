"""Cloud names are not inventory names (issue 18, item 7): VM and instance names chosen by a cloud's tenants,
through both inventory plugins and a real `ansible-inventory`, against labs whose worlds this test edits.

Before: a VM named `all` broke the inventory, `../../etc/x` made Ansible load a controller file as host
vars, a VM named like a KVM host merged into it, `localhost` hijacked localhost and control bytes reached
the terminal.  Now such a name falls back to the id (`cloudops_host_name_source: id`) and every cloud
resource stays one distinct host.
"""

import json
import os
import re
import stat
import subprocess

import pytest
import yaml

from conftest import BIN, ROOT, Runner  # pylint: disable=import-error

# Each one falls back to the id; plus, per plugin, the name of one of its own groups.
HOSTILE = ["all", "ungrouped", "localhost", "127.0.0.1", "../../etc/x", "bell\x07esc\x1b[31mred", "x\udc80y", "a b", "web*"]
PLANTED = "planted_from_outside"
PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # the demo world also has names like <script>…</script>


def run(runner, source, *args):
    cmd = [os.path.join(BIN, "ansible-inventory"), "-i", str(source)] + list(args)
    return subprocess.run(cmd, cwd=ROOT, env=runner.env(), capture_output=True, text=True, timeout=300, check=False)


def plain(value):
    if isinstance(value, dict) and set(value) == {"__ansible_unsafe"}:
        return value["__ansible_unsafe"]
    return value


def plant_outside_file(tmp_path):
    """The inventory in tmp/inv with a host_vars directory: a host named ../../etc/x would read tmp/etc/x.yml."""
    inv = tmp_path / "inv"
    (inv / "host_vars").mkdir(parents=True)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "x.yml").write_text("%s: true\n" % PLANTED)
    return inv


def rename(state, records, id_key, name_key, names):
    """Give the first records the hostile names, in the lab's world itself (test-only): {id: name}."""
    with state.lock:
        hostile = dict(zip([r[id_key] for r in records], names))
        for record in records:
            if record[id_key] in hostile:
                record[name_key] = hostile[record[id_key]]
        state.touch()
    return hostile


def check_inventory(runner, source, group, id_var, name_var, expected_ids, hostile_ids):
    listed = run(runner, source, "--list")
    assert listed.returncode == 0, listed.stderr
    inventory = json.loads(listed.stdout)
    assert group in inventory, listed.stdout[:3000] + listed.stderr
    hostvars = inventory["_meta"]["hostvars"]
    hosts = inventory[group]["hosts"]
    ids = [plain(hostvars[h][id_var]) for h in hosts]
    assert sorted(ids) == sorted(expected_ids)           # every resource, each one host
    assert "localhost" not in hostvars and "127.0.0.1" not in hostvars
    assert "all" not in hostvars and "ungrouped" not in hostvars
    for name in hosts:
        variables = hostvars[name]
        assert PLANTED not in variables                    # no file outside the inventory was read
        if plain(variables[id_var]) in hostile_ids:
            assert name == plain(variables[id_var]) and plain(variables["cloudops_host_name_source"]) == "id"
            assert "\x07" not in plain(variables[name_var]) and "\x1b" not in plain(variables[name_var])
    graph = run(runner, source, "--graph")
    assert graph.returncode == 0, graph.stderr
    assert "\x1b" not in graph.stdout + graph.stderr and "\x07" not in graph.stdout + graph.stderr
    assert "etc/x" not in graph.stdout
    return inventory


def test_zstack_inventory_with_hostile_vm_names(fresh_runner, tmp_path):
    lab = fresh_runner.lab
    vms = [vm for vm in lab.state.all("vm") if vm.get("type") == "UserVm"]
    kvm = lab.state.all("host")[0]
    # vms[0] is named "all"; the VM named like vms[0]'s uuid, and the one named like a KVM host, fall back too
    hostile = rename(lab.state, vms, "uuid", "name", HOSTILE + ["zstack_vms", kvm["name"], vms[0]["uuid"]])
    inv = plant_outside_file(tmp_path)
    source = inv / "lab.zstack.yml"
    source.write_text(yaml.safe_dump({
        "plugin": "cloudops.privatecloud.zstack", "endpoint": lab.http_url, "account": lab.account,
        "password": lab.password, "include_hosts": True,
        "cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache"),
    }))
    for _served in ("from the API", "from the cache"):
        inventory = check_inventory(fresh_runner, source, "zstack_vms", "zstack_uuid", "zstack_name",
                                    [vm["uuid"] for vm in vms], set(hostile))
        # the KVM host keeps its name and stays itself: the tenant's VM named like it is another host
        hostvars = inventory["_meta"]["hostvars"]
        assert plain(hostvars[kvm["name"]]["zstack_uuid"]) == kvm["uuid"]
        assert kvm["name"] in inventory["zstack_hosts"]["hosts"] and kvm["name"] not in inventory["zstack_vms"]["hosts"]
    names = [vm["name"] for vm in vms]
    normal = [vm for vm in vms if vm["uuid"] not in hostile and names.count(vm["name"]) == 1 and PLAIN_NAME.match(vm["name"])]
    assert normal and [vm["name"] for vm in normal if vm["name"] not in inventory["zstack_vms"]["hosts"]] == [], \
        sorted(inventory["zstack_vms"]["hosts"])
    assert plain(inventory["_meta"]["hostvars"][normal[0]["name"]]["cloudops_host_name_source"]) == "name"
    surrogate = next(u for u, n in hostile.items() if n == "x\udc80y")
    assert plain(inventory["_meta"]["hostvars"][surrogate]["zstack_name"]) == "x\\udc80y"
    cache = tmp_path / "cache"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert os.listdir(str(cache)) and all(stat.S_IMODE((cache / f).stat().st_mode) == 0o600 for f in os.listdir(str(cache)))


@pytest.fixture
def fresh_apsara_lab():
    from lab.apsara import ApsaraLab  # pylint: disable=import-outside-toplevel

    with ApsaraLab(world="demo", host="127.0.0.1", http_port=0, https_port=None) as lab:
        yield lab


def test_apsara_inventory_with_hostile_instance_names(fresh_lab, fresh_apsara_lab, tmp_path):
    lab = fresh_apsara_lab
    runner = Runner(fresh_lab, tmp_path, lab)
    instances = lab.state.all("instance")
    names = HOSTILE + ["apsara_instances", instances[0]["InstanceId"]]
    hostile = rename(lab.state, instances, "InstanceId", "InstanceName", names)
    inv = plant_outside_file(tmp_path)
    source = inv / "lab.apsara.yml"
    source.write_text(yaml.safe_dump({
        "plugin": "cloudops.privatecloud.apsara", "access_key_id": lab.access_key_id,
        "access_key_secret": lab.access_key_secret, "region_id": lab.region_id, "endpoints": lab.endpoints,
        "cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache"),
    }))
    for _served in ("from the API", "from the cache"):
        inventory = check_inventory(runner, source, "apsara_instances", "apsara_instance_id", "apsara_instance_name",
                                    [i["InstanceId"] for i in instances], set(hostile))
    names = [i["InstanceName"] for i in instances]
    normal = [i for i in instances if i["InstanceId"] not in hostile and names.count(i["InstanceName"]) == 1 and PLAIN_NAME.match(i["InstanceName"])]
    assert normal and all(i["InstanceName"] in inventory["apsara_instances"]["hosts"] for i in normal)
    cache = tmp_path / "cache"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert all(stat.S_IMODE((cache / f).stat().st_mode) == 0o600 for f in os.listdir(str(cache)))
