# Match three column headers with Python and requests.
import os

import requests

base_url = os.environ.get("OMSIM_BASE_URL", "https://api.omsim.org")
response = requests.post(
    f"{base_url}/match",
    headers={"Authorization": f"Bearer {os.environ['OMSIM_TOKEN']}"},
    json={"columns": ["Patient Age", "Sex", "Weight"]},
    timeout=30,
)
if not response.ok:
    problem = response.json()  # an RFC 9457 problem document
    raise SystemExit(f"{problem['title']}: {problem['detail']}")
for match in response.json()["matches"]:
    best = match["best"]
    print(match["column"], best["code"] if best else "no match")
