/** Opaque page cursors: the last row id of a page, base64url-encoded. */
export function encodeCursor(rowId: number): string {
  return Buffer.from(String(rowId)).toString('base64url');
}

/** The row id in a cursor, or `undefined` if it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : undefined;
}
