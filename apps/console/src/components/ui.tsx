import { type ReactNode, useId } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  Dialog,
  DialogTrigger,
  FieldError,
  Heading,
  Input,
  Label,
  Modal,
  ModalOverlay,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  description?: string | undefined;
  isRequired?: boolean;
  type?: 'text' | 'password' | 'email' | 'search' | 'number' | 'datetime-local';
  multiline?: boolean;
  placeholder?: string;
  autoComplete?: string;
}

/** A labelled text field; an error from the API or the form shows under it. */
export function Field({
  label,
  name,
  value,
  onChange,
  error,
  description,
  isRequired,
  type = 'text',
  multiline,
  placeholder,
  autoComplete,
}: FieldProps) {
  return (
    <TextField
      className="field"
      name={name}
      value={value}
      onChange={onChange}
      isInvalid={Boolean(error)}
      isRequired={isRequired ?? false}
      type={type}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      {multiline ? (
        <TextArea rows={3} {...(placeholder ? { placeholder } : {})} />
      ) : (
        <Input
          {...(placeholder ? { placeholder } : {})}
          {...(autoComplete ? { autoComplete } : {})}
        />
      )}
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{error}</FieldError>
    </TextField>
  );
}

interface SelectFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | { value: string; label: string })[];
  /** The first option, meaning no choice (e.g. "Any provider"); left out when required. */
  emptyLabel?: string;
  error?: string | undefined;
  description?: string | undefined;
}

/** A native select: labelled, keyboard- and screen-reader-friendly on every platform. */
export function SelectField({
  label,
  name,
  value,
  onChange,
  options,
  emptyLabel,
  error,
  description,
}: SelectFieldProps) {
  const id = useId();
  const describedBy = [description && `${id}-description`, error && `${id}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => {
          const { value: v, label: l } =
            typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
      {description && (
        <span id={`${id}-description`} className="field-description">
          {description}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A group of checkboxes (roles, regions); its error shows under the group. */
export function CheckboxesField({
  label,
  name,
  value,
  onChange,
  options,
  error,
  description,
}: {
  label: string;
  name: string;
  value: string[];
  onChange: (value: string[]) => void;
  options: readonly string[];
  error?: string | undefined;
  description?: string;
}) {
  return (
    <CheckboxGroup
      className="field checkbox-group"
      name={name}
      value={value}
      onChange={onChange}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <div className="checkbox-options">
        {options.map((option) => (
          <Checkbox key={option} value={option} className="checkbox">
            <span className="checkbox-box" aria-hidden="true" />
            {option}
          </Checkbox>
        ))}
      </div>
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{error}</FieldError>
    </CheckboxGroup>
  );
}

export function CheckboxField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: boolean;
  onChange: (value: boolean) => void;
}) {
  return (
    <Checkbox className="checkbox field" isSelected={value} onChange={onChange}>
      <span className="checkbox-box" aria-hidden="true" />
      {label}
    </Checkbox>
  );
}

/** A modal dialog opened by a button; `children` gets `close`. */
export function DialogButton({
  label,
  title,
  children,
  variant = 'secondary',
  isDisabled,
}: {
  label: string;
  title: string;
  children: (close: () => void) => ReactNode;
  variant?: 'primary' | 'secondary' | 'danger';
  isDisabled?: boolean;
}) {
  return (
    <DialogTrigger>
      <Button className={`button button-${variant}`} isDisabled={isDisabled ?? false}>
        {label}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title}</Heading>
                {children(close)}
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

/** A destructive action behind a confirmation that names what it does. */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  isPending,
}: {
  label: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  isPending?: boolean;
}) {
  return (
    <DialogTrigger>
      <Button className="button button-danger" isDisabled={isPending ?? false}>
        {label}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog" role="alertdialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title}</Heading>
                <p>{message}</p>
                <div className="form-actions">
                  <Button className="button" onPress={close}>
                    Cancel
                  </Button>
                  <Button
                    className="button button-danger"
                    onPress={() => {
                      onConfirm();
                      close();
                    }}
                  >
                    {confirmLabel}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

export { Button };
