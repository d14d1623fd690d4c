; Inno Setup 6 script: installs the one-folder bundle dist\annotator (built with
; packaging\annotator.spec) for the current user, or for all users if the user chooses so.
;   iscc /DAppVersion=0.1.0 packaging\windows\annotator.iss
; Output: dist\annotator-VERSION-windows-x64-setup.exe. Windows 10 or newer, 64-bit.
; {app} holds annotator.exe (windowed: the app) and annotator-cli.exe (console: the command
; line, since a windowed exe has no stdout); both share {app}\_internal.
; Projects, settings and logs live in the user's AppData folders, never in {app}: the
; uninstaller leaves them in place.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Annotator"
#define AppExe "annotator.exe"
#define ProgId "Annotator.Project"

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
; .annotator files open with the app ([Registry] below): Explorer is told after install.
ChangesAssociations=yes
; The addtopath task changes the Path variable: running programs are told.
ChangesEnvironment=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the folder of annotator-cli.exe to the PATH (the command line)"; GroupDescription: "Command line:"; Flags: unchecked

[InstallDelete]
; Installing over an older version: its _internal folder (Qt plugins since pruned, modules
; since removed) would stay and be loaded. [Files] puts the new one in place.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\annotator\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The .annotator file type (the association recipe of Inno Setup's documentation). HKA is HKCU
; for a per-user install and HKLM for all users.
Root: HKA; Subkey: "Software\Classes\.annotator"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.annotator\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Annotator project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".annotator"; ValueData: ""; Flags: uninsdeletekey
; The addtopath task: the user's Path for a per-user install, the system Path for all users.
; The uninstaller takes {app} out again (CurUninstallStepChanged below).
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: (not IsAdminInstallMode) and NeedsAddPath(ExpandConstant('{app}'))
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: IsAdminInstallMode and NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function PathRoot(): Integer;
begin
  if IsAdminInstallMode then
    Result := HKEY_LOCAL_MACHINE
  else
    Result := HKEY_CURRENT_USER;
end;

function PathKey(): String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

{ Where Dir starts in the ;-separated Path (1-based), 0 when it is not there. }
function PathPos(Dir, Path: String): Integer;
begin
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';');
end;

function NeedsAddPath(Dir: String): Boolean;
var
  Path: String;
begin
  if RegQueryStringValue(PathRoot(), PathKey(), 'Path', Path) then
    Result := PathPos(Dir, Path) = 0
  else
    Result := True;
end;

procedure RemoveFromPath(Dir: String);
var
  Path: String;
  P: Integer;
begin
  if not RegQueryStringValue(PathRoot(), PathKey(), 'Path', Path) then
    exit;
  P := PathPos(Dir, Path);
  if P = 0 then
    exit;
  if P = 1 then
    Delete(Path, 1, Length(Dir) + 1)
  else
    Delete(Path, P - 1, Length(Dir) + 1);
  RegWriteExpandStringValue(PathRoot(), PathKey(), 'Path', Path);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
end;
