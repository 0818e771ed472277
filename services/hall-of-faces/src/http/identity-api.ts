/** Where the admin routes of hall-of-faces live; the gateway forwards `/api/v1/identity/*` unchanged. */
export const IDENTITY_API = 'api/v1/identity';
