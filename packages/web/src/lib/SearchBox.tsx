import { useState, type CSSProperties } from 'react';
import { Input } from 'antd';
import { useIsPhone } from './useIsPhone.ts';

/**
 * The search box of a list page: searches on Enter or its button with the text trimmed, clears
 * with its ×, and takes the whole width on a phone. `value` is the search in force (say, read
 * from the URL): the box shows it, and follows it when it changes from outside (Back, a link).
 */
export function SearchBox({
  placeholder,
  value,
  onSearch,
  width,
  testId,
  style,
}: {
  placeholder: string;
  value?: string;
  onSearch: (text: string) => void;
  /** Width on a desktop, in pixels. */
  width: number;
  testId?: string;
  style?: CSSProperties;
}) {
  const isPhone = useIsPhone();
  const [text, setText] = useState(value ?? '');
  const [shown, setShown] = useState(value);
  // Adjusting state while rendering (not in an effect) when the search in force changes.
  if (value !== shown) {
    setShown(value);
    setText(value ?? '');
  }
  return (
    <Input.Search
      allowClear
      value={text}
      onChange={(e) => setText(e.target.value)}
      placeholder={placeholder}
      onSearch={(v) => onSearch(v.trim())}
      style={{ ...style, width: isPhone ? '100%' : width }}
      data-testid={testId}
    />
  );
}
