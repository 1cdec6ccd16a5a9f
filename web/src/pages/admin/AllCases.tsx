import { Input, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { CaseList } from '../portal/MyCases';
import { useI18n } from '../../i18n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AllCases() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        aria-label={t('按申请编号查找', 'Find a case by its id')}
        placeholder={t('输入申请编号(UUID)直接打开', 'Enter a case id (UUID) to open it')}
        style={{ maxWidth: 480 }}
        enterButton={t('打开', 'Open')}
        onSearch={(v) => {
          if (UUID.test(v.trim())) void navigate(`/console/cases/${v.trim()}`);
        }}
      />
      <CaseList
        title={t('全部申请', 'All cases')}
        linkTo={(c) => `/console/cases/${c.id}`}
        extraColumns={[{ title: t('申请单位', 'Organisation'), key: 'org', render: (c) => <span translate="no">{c.organisationName ?? '—'}</span> }]}
      />
    </Space>
  );
}
