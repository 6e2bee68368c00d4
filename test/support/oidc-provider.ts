import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * A small OpenID Connect provider for tests, standing in for an LA's identity service: discovery,
 * keys, an authorisation endpoint that signs in whoever the test chose without asking, and a
 * token endpoint that checks what a real provider checks (the code once only, PKCE, the client,
 * the redirect URI) before issuing an RS256 ID token.
 */
export interface ProviderUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Claims beyond the standard ones, such as roles the provider thinks the person has. */
  extra?: Record<string, unknown>;
}

export interface TokenAnswer {
  status: number;
  error?: string;
}

export interface TestOidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  /** Who the authorisation endpoint signs in next. */
  user: ProviderUser;
  /** An error the authorisation endpoint answers with instead, such as access_denied. */
  refuseWith: string | undefined;
  /** How the next ID tokens are spoiled, to see the app refuse them. */
  spoil: { audience?: string; otherKey?: boolean };
  /** The query of each authorisation request, in order. */
  readonly authorisations: URLSearchParams[];
  /** How the token endpoint answered each request, in order. */
  readonly tokenAnswers: TokenAnswer[];
  /** The app's environment for signing in through this provider. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Stops answering, as a provider that is down; `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  user: ProviderUser;
  used: boolean;
}

const kid = 'test-key-1';

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOidcProvider(
  options: {
    clientId?: string;
    /** null for a public client, which authenticates with PKCE alone. */
    clientSecret?: string | null;
    redirectUri?: string;
    laCode?: string;
  } = {},
): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? 'opensend-test';
  const clientSecret =
    options.clientSecret === null ? undefined : (options.clientSecret ?? 'a-client-secret-for-tests');
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:3000/sign-in/oidc/callback';
  const signing = await generateKeyPair('RS256', { extractable: true });
  // Another key under the same id: a token signed with it looks right until its signature is checked.
  const impostor = await generateKeyPair('RS256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, IssuedCode>();

  const server = http.createServer((request, response) => {
    handle(request, response).catch((err: Error) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(err.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const provider: TestOidcProvider = {
    issuer,
    clientId,
    clientSecret,
    user: { sub: 'provider-user-1', email: 'nobody@example.org', email_verified: true },
    refuseWith: undefined,
    spoil: {},
    authorisations: [],
    tokenAnswers: [],
    env(extra = {}) {
      return {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: clientId,
        ...(clientSecret ? { OIDC_CLIENT_SECRET: clientSecret } : {}),
        OIDC_REDIRECT_URI: redirectUri,
        OIDC_LA_CODE: options.laCode ?? '926',
        OIDC_LABEL: 'Sign in with Norfolk County Council account',
        ...extra,
      };
    },
    async stop() {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
    async start() {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
  };

  function json(response: http.ServerResponse, status: number, body: unknown) {
    response
      .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(body));
  }

  function tokenError(response: http.ServerResponse, status: number, error: string) {
    provider.tokenAnswers.push({ status, error });
    json(response, status, { error });
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? '/', issuer);
    if (request.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        scopes_supported: ['openid', 'email', 'profile'],
        grant_types_supported: ['authorization_code'],
      });
    }
    if (request.method === 'GET' && url.pathname === '/jwks')
      return json(response, 200, { keys: [publicJwk] });
    if (request.method === 'GET' && url.pathname === '/authorize')
      return authorise(url.searchParams, response);
    if (request.method === 'POST' && url.pathname === '/token') return token(request, response);
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }

  function authorise(q: URLSearchParams, response: http.ServerResponse) {
    provider.authorisations.push(q);
    // A provider never redirects to an address it does not know for the client: it says so itself.
    if (q.get('client_id') !== clientId || q.get('redirect_uri') !== redirectUri) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Unknown client or redirect URI');
      return;
    }
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state) back.searchParams.set('state', state);
    const problem =
      provider.refuseWith ??
      (q.get('response_type') !== 'code'
        ? 'unsupported_response_type'
        : !q.get('scope')?.split(' ').includes('openid')
          ? 'invalid_scope'
          : q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')
            ? 'invalid_request'
            : undefined);
    if (problem) {
      back.searchParams.set('error', problem);
    } else {
      const code = base64url(randomBytes(24));
      codes.set(code, {
        clientId,
        redirectUri,
        codeChallenge: q.get('code_challenge') ?? '',
        nonce: q.get('nonce') ?? undefined,
        user: structuredClone(provider.user),
        used: false,
      });
      back.searchParams.set('code', code);
    }
    response.writeHead(302, { location: back.href }).end();
  }

  function authenticatedClient(request: http.IncomingMessage, form: URLSearchParams): string | undefined {
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
    if (basic?.[1]) {
      const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(formDecode);
      return id === clientId && clientSecret !== undefined && secret === clientSecret ? id : undefined;
    }
    const id = form.get('client_id');
    if (id !== clientId) return undefined;
    if (clientSecret === undefined) return form.has('client_secret') ? undefined : id;
    return form.get('client_secret') === clientSecret ? id : undefined;
  }

  async function token(request: http.IncomingMessage, response: http.ServerResponse) {
    const form = new URLSearchParams(await readBody(request));
    if (!authenticatedClient(request, form)) return tokenError(response, 401, 'invalid_client');
    if (form.get('grant_type') !== 'authorization_code')
      return tokenError(response, 400, 'unsupported_grant_type');
    const issued = codes.get(form.get('code') ?? '');
    if (!issued || issued.used) return tokenError(response, 400, 'invalid_grant');
    // A code is good once, whatever happens next.
    issued.used = true;
    if (form.get('redirect_uri') !== issued.redirectUri) return tokenError(response, 400, 'invalid_grant');
    const verifier = form.get('code_verifier') ?? '';
    if (base64url(createHash('sha256').update(verifier).digest()) !== issued.codeChallenge)
      return tokenError(response, 400, 'invalid_grant');

    const { sub, extra, ...profile } = issued.user;
    const key: CryptoKey = provider.spoil.otherKey ? impostor.privateKey : signing.privateKey;
    const idToken = await new SignJWT({
      ...extra,
      ...profile,
      ...(issued.nonce ? { nonce: issued.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuer)
      .setAudience(provider.spoil.audience ?? clientId)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    provider.tokenAnswers.push({ status: 200 });
    return json(response, 200, {
      access_token: base64url(randomBytes(24)),
      token_type: 'Bearer',
      expires_in: 300,
      id_token: idToken,
    });
  }

  return provider;
}

/** A port nothing is listening on just now, for an app whose redirect URI must name it in advance. */
export async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
