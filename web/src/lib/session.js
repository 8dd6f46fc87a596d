// Who is signed in (GET /api/v1/session), shared by every page. null: nobody (the sign-in page).
import { signal, computed } from '@preact/signals';

export const session = signal(null);
export const isAdmin = computed(() => session.value?.role === 'admin' && session.value?.node_user);
export const canWrite = computed(() => session.value && session.value.role !== 'reader');
