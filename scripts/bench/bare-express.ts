/** The ceiling for `npm run bench`: a bare Express 5 app answering POST with a fixed small JSON body. */
import express from 'express';

const app = express();
app.use(express.json());
const body = { matches: [{ column: 'Sex', best: null, candidates: [] }] };
app.post('/match', (_req, res) => {
  res.json(body);
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stderr.write('bare express listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
