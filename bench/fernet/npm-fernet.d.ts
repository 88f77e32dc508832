// The npm `fernet` package (0.4.0) ships no types and is CommonJS (one
// module.exports object); this covers what the bench calls.
declare module "fernet" {
  class Secret {
    constructor(key: string);
  }
  class Token {
    constructor(options: {
      secret: Secret;
      token?: string;
      ttl?: number;
      iv?: number[];
      time?: string;
    });
    encode(message: string): string;
    decode(token?: string): string;
  }
  const fernet: { Secret: typeof Secret; Token: typeof Token };
  export default fernet;
}
