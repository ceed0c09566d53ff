// 新建机构 (system admin, permission organisations.manage).
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { post } from '../../api';
import { ORG_KIND_OPTIONS } from '../../shared/labels';
import { applyFieldErrors, useProblem } from '../../shared/problem';
import RegionCascader from '../../shared/RegionCascader';
import { creditCodeProblem } from '../../shared/validators';
import type { OrgKind } from '../../types';

interface Values {
  kind: OrgKind;
  name: string;
  regionCode: string[];
  creditCode?: string;
}

const CREDIT_CODE_KINDS: (OrgKind | undefined)[] = ['institution', 'employer'];

export default function CreateOrganisationButton({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  // The server requires the code of institutions and employers (they are enterprises or schools).
  const creditCodeRequired = CREDIT_CODE_KINDS.includes(Form.useWatch('kind', form));
  const { message } = App.useApp();
  const showProblem = useProblem();

  async function onFinish(v: Values) {
    setBusy(true);
    try {
      await post('/api/organisations', {
        kind: v.kind,
        name: v.name.trim(),
        regionCode: v.regionCode.at(-1),
        creditCode: v.creditCode?.trim().toUpperCase() || undefined,
      });
      message.success('机构已创建');
      setOpen(false);
      onCreated();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
        新建机构
      </Button>
      <Modal
        title="新建机构"
        open={open}
        okText="创建"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={onFinish} preserve={false}>
          <Form.Item name="kind" label="机构类别" rules={[{ required: true, message: '请选择机构类别' }]}>
            <Select options={ORG_KIND_OPTIONS} />
          </Form.Item>
          <Form.Item
            name="name"
            label="机构名称"
            rules={[{ required: true, whitespace: true, message: '请输入机构名称' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label="所在地区"
            rules={[{ required: true, message: '请选择所在地区' }]}
            extra="监管部门的级别（省级、市级、县级）由所选地区决定。"
          >
            <RegionCascader changeOnSelect />
          </Form.Item>
          <Form.Item
            name="creditCode"
            label="统一社会信用代码"
            rules={[
              { required: creditCodeRequired, message: '培训机构和生产经营单位须填写统一社会信用代码' },
              {
                validator: async (_, value?: string) => {
                  const problem = value ? creditCodeProblem(value) : null;
                  if (problem) throw new Error(problem);
                },
              },
            ]}
          >
            <Input maxLength={18} placeholder="18 位" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
