/** A small JSON client over fetch: the benchmark speaks to the API as any client would. */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

export async function call(url: string, method: 'GET' | 'POST', token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const start = performance.now();
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const ms = performance.now() - start;
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, ms };
}

/** Dev tokens (the bench stack turns the endpoint on), one per user, cached. */
export class Tokens {
  private readonly cache = new Map<string, Promise<string>>();
  constructor(private readonly apiUrl: string) {}
  get(userId: string): Promise<string> {
    let t = this.cache.get(userId);
    if (!t) {
      t = call(`${this.apiUrl}/auth/dev-token`, 'POST', null, { userId }).then((r) => {
        if (r.status !== 200) throw new Error(`dev token for ${userId}: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body.token as string;
      });
      this.cache.set(userId, t);
    }
    return t;
  }
}
