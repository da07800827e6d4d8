"""`make audit`: pip-audit over everything installed, in words a maintainer can act on.

A known vulnerability fails the run. A vulnerability service that cannot be reached (a closed
network, a mirror without vulnerability data) is reported with the number of packages it left
unaudited; it fails the run only with KB_AUDIT_STRICT=1, since it says nothing about our code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
    result = subprocess.run(
        [str(PIP_AUDIT), "--skip-editable", "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"audit: pip-audit could not run its check: {last}")
        return 1 if os.environ.get("KB_AUDIT_STRICT") == "1" else 0
    packages = report.get("dependencies", [])
    vulnerable = [p for p in packages if p.get("vulns")]
    skipped = [p for p in packages if p.get("skip_reason")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            print(f"audit: {package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    audited = len(packages) - len(skipped)
    print(
        f"audit: {audited} of {len(packages)} installed packages checked against known "
        f"vulnerabilities; {len(vulnerable)} vulnerable."
    )
    if skipped:
        print(
            f"audit: {len(skipped)} could not be checked: the vulnerability service did not know "
            f"them or could not be reached (first: {skipped[0]['skip_reason']})."
        )
    if vulnerable:
        return 1
    if skipped and os.environ.get("KB_AUDIT_STRICT") == "1":
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
