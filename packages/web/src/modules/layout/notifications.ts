import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InAppNotification, Page } from '@zhili/contracts';
import { api } from '../../lib/api.ts';

export type NotificationItem = InAppNotification;

export const isRead = (n: NotificationItem): boolean => n.readAt !== null;

const KEY = ['notifications'] as const;

/** Unread count for the header badge, refreshed every minute. */
export function useUnreadCount() {
  return useQuery({
    queryKey: [...KEY, 'unread'],
    queryFn: () => api.get<{ count: number }>('/api/notifications/unread-count'),
    refetchInterval: 60_000,
    retry: false,
  });
}

export function useNotifications(page: number, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'list', page],
    queryFn: () => api.get<Page<NotificationItem>>('/api/notifications', { page, pageSize: 10 }),
    enabled,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<unknown>(`/api/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
