// Match three column headers with JavaScript's fetch (Node.js 18+ or a browser).
const baseUrl = process.env.OMSIM_BASE_URL ?? 'https://api.omsim.org';
const response = await fetch(`${baseUrl}/match`, {
  method: 'POST',
  headers: { Authorization: `Bearer ${process.env.OMSIM_TOKEN}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ columns: ['Patient Age', 'Sex', 'Weight'] }),
});
const body = await response.json();
if (!response.ok) throw new Error(`${body.title}: ${body.detail}`); // an RFC 9457 problem document
for (const match of body.matches) console.log(match.column, match.best?.code ?? 'no match');
