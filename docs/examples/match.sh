#!/bin/sh
# Match three column headers. OMSIM_TOKEN holds your token; OMSIM_BASE_URL the server
# (https://api.omsim.org, http://localhost:8080 for npm start, http://127.0.0.1:4010 for the mock).
curl -sS --fail-with-body "${OMSIM_BASE_URL:-https://api.omsim.org}/match" \
  -H "Authorization: Bearer $OMSIM_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"columns": ["Patient Age", "Sex", "Weight"]}'
