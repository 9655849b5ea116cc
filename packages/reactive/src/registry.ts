// Handlers, endpoints, triggers and actions are registered at import time, as Python decorators are.
// Tests that register their own sets start from an empty registry.
import { clearActions } from './action';
import { clearEndpointRegistrations } from './endpoint';
import { clearHandlers } from './handler';
import { clearTriggers } from './triggers';

export function resetRegistry(): void {
  clearHandlers();
  clearEndpointRegistrations();
  clearTriggers();
  clearActions();
}
