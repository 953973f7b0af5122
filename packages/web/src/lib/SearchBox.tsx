import type { CSSProperties } from 'react';
import { Input } from 'antd';
import { useIsPhone } from './useIsPhone.ts';

/**
 * The search box of a list page: searches on Enter or its button with the text trimmed, clears
 * with its ×, and takes the whole width on a phone.
 */
export function SearchBox({
  placeholder,
  onSearch,
  width,
  testId,
  style,
}: {
  placeholder: string;
  onSearch: (text: string) => void;
  /** Width on a desktop, in pixels. */
  width: number;
  testId?: string;
  style?: CSSProperties;
}) {
  const isPhone = useIsPhone();
  return (
    <Input.Search
      allowClear
      placeholder={placeholder}
      onSearch={(v) => onSearch(v.trim())}
      style={{ ...style, width: isPhone ? '100%' : width }}
      data-testid={testId}
    />
  );
}
