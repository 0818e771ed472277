interface StoredCookie {
  value: string;
  /** What it was set with: Path, HttpOnly, Secure, SameSite… */
  attributes: string;
}

type Jar = Map<string, StoredCookie>;

/** One response as a browser saw it, with the headers that matter here. */
export interface Visit {
  status: number;
  location: string | null;
  headers: Headers;
  text: string;
}

/**
 * Enough of a browser for the sign-in flow over plain HTTP: it keeps the cookies it is
 * given (and what they were set with), sends them back, and follows redirects one at a time.
 */
export class CookieBrowser {
  /** Cookies per origin, as a browser keeps them per site. */
  private readonly jars = new Map<string, Jar>();

  constructor(private readonly origin: string) {}

  /** The cookies of the origin this browser started at. */
  get cookies(): Jar {
    return this.jar(this.origin);
  }

  async visit(
    pathOrUrl: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Visit> {
    const url = new URL(pathOrUrl, this.origin);
    const headers: Record<string, string> = { ...init.headers };
    const jar = this.jar(url.origin);
    if (jar.size > 0) {
      headers.cookie = [...jar].map(([name, { value }]) => `${name}=${value}`).join('; ');
    }
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) keep(jar, line);
    return {
      status: response.status,
      location: response.headers.get('location'),
      headers: response.headers,
      text: await response.text(),
    };
  }

  /**
   * Follows redirects from a first visit (relative to `base`) until a page that is not one,
   * or until the next address is one `stopAt` picks (then that address is visited last).
   */
  async follow(
    first: Visit,
    base = this.origin,
    stopAt: (url: string) => boolean = () => false,
  ): Promise<Visit> {
    let current = first;
    let from = base;
    for (let hops = 0; current.location && hops < 10; hops += 1) {
      const next = new URL(current.location, from).toString();
      current = await this.visit(next);
      if (stopAt(next)) return current;
      from = next;
    }
    return current;
  }

  private jar(origin: string): Jar {
    let jar = this.jars.get(origin);
    if (!jar) {
      jar = new Map<string, StoredCookie>();
      this.jars.set(origin, jar);
    }
    return jar;
  }
}

function keep(jar: Jar, line: string): void {
  const [pair = '', ...attributes] = line.split(';');
  const separator = pair.indexOf('=');
  const name = pair.slice(0, separator).trim();
  const value = pair.slice(separator + 1).trim();
  const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(line);
  if (!value || expired) jar.delete(name);
  else jar.set(name, { value, attributes: attributes.join(';').trim() });
}

/** The hidden and filled-in fields of the first form on a page. */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(input)?.[1];
    if (name) fields[name] = decodeEntities(/\svalue="([^"]*)"/.exec(input)?.[1] ?? '');
  }
  return fields;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
