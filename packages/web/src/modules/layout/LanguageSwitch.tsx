import { Button, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { setLanguage, useLanguage } from '../../lib/i18n.ts';

/** Toggles 中文 ⇄ English; the label names the language you switch TO, in that language. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const lang = useLanguage();
  const target = lang === 'en' ? 'zh-CN' : 'en';
  const label = target === 'en' ? (compact ? 'EN' : 'English') : compact ? '中' : '中文';
  return (
    <Tooltip title={target === 'en' ? 'Switch to English' : '切换到中文'}>
      <Button
        type="text"
        icon={<GlobalOutlined />}
        onClick={() => void setLanguage(target)}
        data-testid="language-switch"
        aria-label={target === 'en' ? 'Switch to English' : '切换到中文'}
      >
        {label}
      </Button>
    </Tooltip>
  );
}
