// The few Odoo 18 web-client modules the panel imports, typed as far as we use them. They are
// provided at runtime by Odoo's module loader (esbuild keeps them external).

declare module "@web/core/registry" {
    interface RegistryCategory {
        add(key: string, value: unknown, options?: { sequence?: number; force?: boolean }): RegistryCategory;
        get(key: string, defaultValue?: unknown): unknown;
        contains(key: string): boolean;
    }
    export const registry: { category(name: string): RegistryCategory };
}

declare module "@web/core/network/rpc" {
    export function rpc<T = unknown>(url: string, params?: Record<string, unknown>, settings?: { silent?: boolean }): Promise<T>;
}

declare module "@web/core/l10n/translation" {
    export function _t(term: string, ...values: unknown[]): string;
}

declare module "@web/core/utils/hooks" {
    export function useService<T = unknown>(name: string): T;
}
