import type { Ref } from 'react';
import { useI18n } from '../../i18n';
import type { ModelsState } from './data';
import { shortcut } from './helpers';
import { ModelPicker, type ModelPickerHandle } from './ModelPicker';

/** The labelled model picker at the top of the Images and Embeddings panes (Ctrl/Cmd+K opens it). */
export function PaneModelPicker(props: {
  kind: 'image' | 'embedding';
  label: string;
  models: ModelsState;
  keyId: string | null;
  pickerRef: Ref<ModelPickerHandle>;
  value: string | null;
  onChange: (model: string) => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <span className="params__label">{t('playground.model.label')}</span>
      <ModelPicker
        ref={props.pickerRef}
        label={props.label}
        kind={props.kind}
        models={props.models.result}
        loading={props.models.loading}
        error={props.models.error}
        onReload={props.models.reload}
        value={props.value}
        onChange={props.onChange}
        disabled={!props.keyId}
        shortcutHint={shortcut('K')}
        testId={props.testId}
      />
    </>
  );
}
