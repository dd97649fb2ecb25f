// What scripts/odoo-tier.sh tells the browser tests about the servers it started.
export interface E2eEnv {
  odooUrl: string;
  db: string;
  bridgeUrl: string;
  modelUrl: string;
}

export function e2eEnv(): E2eEnv {
  const read = (name: string): string => {
    const value = process.env[name];
    if (!value) {
      throw new Error(`${name} is not set: run the browser tests through scripts/odoo-tier.sh (or ./scripts/test.sh)`);
    }
    return value.replace(/\/+$/, '');
  };
  return {
    odooUrl: read('PARLEY_E2E_ODOO_URL'),
    db: read('PARLEY_E2E_DB'),
    bridgeUrl: read('PARLEY_E2E_BRIDGE_URL'),
    modelUrl: read('PARLEY_E2E_MODEL_URL'),
  };
}

/** Users of Odoo's demo data. Demo is a Parley user (the addon's demo data adds the group). */
export const USERS = {
  admin: { login: 'admin', password: 'admin' },
  demo: { login: 'demo', password: 'demo' },
} as const;
export type UserKey = keyof typeof USERS;
