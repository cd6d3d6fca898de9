// Match three column headers with OMSIM's typed client (import from 'omsim' in your project).
import { createOmsimClient } from '../../src/client/index.js';

const omsim = createOmsimClient({ baseUrl: process.env.OMSIM_BASE_URL ?? 'https://api.omsim.org' }); // token: OMSIM_TOKEN
const { data, error } = await omsim.POST('/match', { body: { columns: ['Patient Age', 'Sex', 'Weight'] } });
if (error) throw new Error(`${error.title}: ${error.detail}`);
for (const match of data.matches) console.log(match.column, match.best?.code ?? 'no match');
console.log(`quota left: ${omsim.rateLimit?.remaining}`);
