// 登记体检证明 for a registered worker: a modal with the health fields.
import { useState } from 'react';
import { App, Button, Form, Modal } from 'antd';
import { MedicineBoxOutlined } from '@ant-design/icons';
import { post } from '../api';
import HealthFields, { toHealthPayload, type HealthFormValues } from './HealthFields';
import { applyFieldErrors, useProblem } from './problem';

export default function HealthDeclarationButton({ workerId, onSaved }: { workerId: string; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<HealthFormValues>();
  const { message } = App.useApp();
  const showProblem = useProblem();

  async function onFinish(values: HealthFormValues) {
    setBusy(true);
    try {
      await post(`/api/workers/${encodeURIComponent(workerId)}/health-declarations`, toHealthPayload(values));
      message.success('体检证明已登记');
      setOpen(false);
      onSaved();
    } catch (err) {
      if (!applyFieldErrors(form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button size="small" icon={<MedicineBoxOutlined />} onClick={() => setOpen(true)}>
        登记体检证明
      </Button>
      <Modal
        title="登记体检证明"
        open={open}
        width={760}
        okText="保存"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <HealthFields />
        </Form>
      </Modal>
    </>
  );
}
