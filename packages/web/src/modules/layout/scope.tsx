import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '@zhili/contracts';
import { useMe } from '../auth/me.ts';

/** One choice of the region-scope picker: a region subtree, or everything the caller may see. */
export interface ScopeOption {
  /** Region code, or `*` for "all my scopes" (a role without a region limit). */
  key: string;
  regionCode: string | null;
  regionName: string | null;
  regionPath: string | null;
  /** Set when the only limit of the assignment is an organization. */
  organizationName: string | null;
}

export const ALL_SCOPE_KEY = '*';

/** The distinct scopes of the caller's role assignments, widest (unlimited) first. */
export function scopeOptionsOf(me: Me): ScopeOption[] {
  const byKey = new Map<string, ScopeOption>();
  for (const r of me.roles) {
    const key = r.regionCode ?? ALL_SCOPE_KEY;
    if (byKey.has(key)) continue;
    byKey.set(key, {
      key,
      regionCode: r.regionCode,
      regionName: r.regionName,
      regionPath: r.regionPath,
      organizationName: r.regionCode ? null : r.organizationName,
    });
  }
  // Shallower paths first, so a county comes before the townships inside it.
  return [...byKey.values()].sort((a, b) => {
    const da = a.regionPath ? a.regionPath.split('/').length : 0;
    const db = b.regionPath ? b.regionPath.split('/').length : 0;
    return da - db || (a.regionCode ?? '').localeCompare(b.regionCode ?? '');
  });
}

interface ScopeState {
  scope: ScopeOption | null;
  options: ScopeOption[];
  setScopeKey: (key: string) => void;
}

const ScopeContext = createContext<ScopeState | null>(null);

const storageKey = (userId: string) => `zhili.scope.${userId}`;

function readStored(userId: string): string | null {
  try {
    return localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

/** Keeps the chosen scope for the logged-in caller (per user, in localStorage). */
export function ScopeProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const options = useMemo(() => scopeOptionsOf(me), [me]);
  const [key, setKey] = useState<string | null>(() => readStored(me.id));
  const scope = options.find((o) => o.key === key) ?? options[0] ?? null;

  const setScopeKey = useCallback(
    (next: string) => {
      setKey(next);
      try {
        localStorage.setItem(storageKey(me.id), next);
      } catch {
        // Kept for this tab only.
      }
    },
    [me.id],
  );

  const value = useMemo(() => ({ scope, options, setScopeKey }), [scope, options, setScopeKey]);
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

/** The chosen scope and the choices. `regionFilter` is what lists pass as `region=`. */
export function useScope(): ScopeState & { regionFilter: string | undefined } {
  const state = useContext(ScopeContext);
  if (!state) throw new Error('useScope() used outside ScopeProvider');
  return { ...state, regionFilter: state.scope?.regionCode ?? undefined };
}
