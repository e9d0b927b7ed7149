// Gives components the app's one Api instance (a test passes its own).
import { createContext, useContext } from 'react';

import type { Api } from './client';

export const ApiContext = createContext<Api | null>(null);

/** useApi returns the Api from the nearest ApiContext provider. */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi must be used inside <ApiContext.Provider>');
  return api;
}
