import { SetMetadata } from '@nestjs/common';

import type { Role } from './roles';

export const REQUIRED_ROLE = 'codex:required-role';

/** The role a route needs; every route behind AuthGuard needs at least a verified token. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
