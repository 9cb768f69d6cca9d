"""Read pip-audit's JSON report: fail on a known vulnerability; name the packages the advisory feed could
not answer for, and fail on those too when AUDIT_STRICT is set."""

import json
import os
import sys
from pathlib import Path

dependencies = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))["dependencies"]
vulnerable = [(d["name"], d["version"], v["id"], v.get("fix_versions"))
              for d in dependencies for v in d.get("vulns", [])]
skipped = sorted(d["name"] for d in dependencies if "skip_reason" in d)
for name, version, advisory, fixes in vulnerable:
    print(f"VULNERABLE {name} {version}: {advisory} (fixed in {', '.join(fixes) or 'no release yet'})")
print(f"{len(dependencies) - len(skipped)} of {len(dependencies)} packages audited, "
      f"{len(vulnerable)} known vulnerabilities.")
if skipped:
    print(f"NOT AUDITED: the advisory feed did not answer for {len(skipped)} packages ({', '.join(skipped[:6])}, …). "
          "See README, Security checks.", file=sys.stderr)
sys.exit(1 if vulnerable or (skipped and os.environ.get("AUDIT_STRICT")) else 0)
