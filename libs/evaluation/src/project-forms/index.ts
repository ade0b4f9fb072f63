export * from './campaign-projects.service';
export * from './project-form.checks';
export * from './project-forms.service';
