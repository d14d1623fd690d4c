; Inno Setup 6 script: installs the one-folder bundle dist\annotator (built with
; packaging\annotator.spec) for the current user, or for all users if the user chooses so.
;   iscc /DAppVersion=0.1.0 packaging\windows\annotator.iss
; Output: dist\annotator-VERSION-windows-x64-setup.exe. Windows 10 or newer, 64-bit.
; Projects, settings and logs live in the user's AppData folders, never in {app}: the
; uninstaller leaves them in place.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Annotator"
#define AppExe "annotator.exe"

[Setup]
; The AppId identifies the product for upgrades and uninstall: never change it.
AppId={{6E0B6F2A-3C1D-4B8E-9A57-2F4D1C8E7A31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=annotator developers
AppPublisherURL=https://github.com/annotator/annotator
AppSupportURL=https://github.com/annotator/annotator/issues
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=annotator-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\annotator\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
